import type { Permission } from '../../shared/access';
import { useConsoleStore } from '../store/consoleStore';

/**
 * Whether the session may do `permission`. Unknown (session.info not answered yet) counts
 * as allowed: this only hides what the core would refuse anyway, the core decides.
 */
export function usePermission(permission: Permission): boolean {
  return useConsoleStore((s) => s.session === null || s.session.permissions.includes(permission));
}
