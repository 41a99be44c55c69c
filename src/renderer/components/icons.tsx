// Small line icons for buttons. Decorative: every button carries its own text or aria-label.

const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
} as const;

export const CloseIcon = () => (
  <svg {...common}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </svg>
);

export const PauseIcon = () => (
  <svg {...common}>
    <path d="M5.5 3.5v9M10.5 3.5v9" />
  </svg>
);

export const PlayIcon = () => (
  <svg {...common}>
    <path d="M5 3.5l7 4.5-7 4.5z" fill="currentColor" />
  </svg>
);

export const OpenFileIcon = () => (
  <svg {...common}>
    <path d="M2.5 4.5v8h11v-6.5h-6l-1.5-1.5z" />
  </svg>
);

export const WarningIcon = () => (
  <svg {...common}>
    <path d="M8 2l6.5 11.5h-13z" />
    <path d="M8 6.5v3.5M8 12v.01" />
  </svg>
);
