import type { Permission } from '../../shared/access';
import { useConsoleStore } from '../store/consoleStore';

/**
 * Whether the session may do `permission`. No session counts as not allowed. This only
 * hides what the core would refuse anyway: the core decides.
 */
export function usePermission(permission: Permission): boolean {
  return useConsoleStore((s) => s.session !== null && s.session.permissions.includes(permission));
}
