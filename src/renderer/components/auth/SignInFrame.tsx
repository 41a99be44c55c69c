import type { ReactNode } from 'react';

/** The centred card every sign-in screen shares (setup, login, lock, connecting). */
export function SignInFrame({
  title,
  subtitle,
  testId,
  children,
}: {
  title: string;
  subtitle?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <main className="sign-in" data-testid={testId}>
      <section className="sign-in-card" aria-labelledby="sign-in-title">
        <p className="product-name">Aqueduct</p>
        <h1 id="sign-in-title" className="sign-in-title">
          {title}
        </h1>
        {subtitle ? <p className="sign-in-note">{subtitle}</p> : null}
        {children}
      </section>
    </main>
  );
}

/** A refusal from the core, in words, with a shape (not colour alone). */
export function SignInError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="sign-in-error" role="alert" data-testid="sign-in-error">
      <span aria-hidden="true">▲ </span>
      {message}
    </p>
  );
}

/** A password box with its label: `fresh` for a password being chosen (the browser offers to make one). */
export function PasswordField({
  label,
  testId,
  value,
  onChange,
  fresh = false,
  autoFocus = false,
  hint,
}: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  fresh?: boolean;
  autoFocus?: boolean;
  hint?: ReactNode;
}) {
  return (
    <label>
      {label}
      <input
        data-testid={testId}
        type="password"
        autoComplete={fresh ? 'new-password' : 'current-password'}
        autoFocus={autoFocus}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint}
    </label>
  );
}
