// Roles and permissions (IEC 62443: unique users mapped to roles mapped to permissions).
// The core's dispatcher checks these for every request; the renderer only uses them to
// hide what the core would refuse anyway.
import { z } from 'zod';

export const Role = z.enum(['viewer', 'operator', 'engineer', 'admin']);
export type Role = z.infer<typeof Role>;

export const Permission = z.enum([
  /** see the network, values, alarms, trends */
  'view',
  /** run the training simulator: clock speed, pause, injected events */
  'simulate',
  /** send control commands to the field */
  'operate',
  /** change what the console is connected to: networks, connections, tag maps */
  'configure',
  /** users, roles, backups */
  'administer',
]);
export type Permission = z.infer<typeof Permission>;

const grants: Record<Role, readonly Permission[]> = {
  viewer: ['view'],
  operator: ['view', 'simulate', 'operate'],
  engineer: ['view', 'simulate', 'operate', 'configure'],
  admin: ['view', 'simulate', 'operate', 'configure', 'administer'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export const Session = z.object({
  id: z.string(),
  user: z.string(),
  role: Role,
  /** where the session came from, for the audit trail */
  source: z.string(),
});
export type Session = z.infer<typeof Session>;
