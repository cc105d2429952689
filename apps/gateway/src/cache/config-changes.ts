// Configuration changes made anywhere (console, API, another replica's admin) arrive as
// NOTIFY airlock_config '{"entity":…,"id":…}'. Caches drop what they hold at once; after a lost
// LISTEN connection they drop everything, since notifications may have been missed meanwhile.
import { NOTIFY } from "@airlock/db";
import type { Notifications } from "../services";

export interface ConfigChange {
  /** connection | key | rule | policy | grant | service_account | user; undefined = anything. */
  entity?: string;
  id?: string;
}

function parseChange(payload: string): ConfigChange {
  try {
    const value = JSON.parse(payload) as unknown;
    if (value && typeof value === "object") {
      const { entity, id } = value as { entity?: unknown; id?: unknown };
      return {
        ...(typeof entity === "string" ? { entity } : {}),
        ...(typeof id === "string" ? { id } : {}),
      };
    }
  } catch {
    // A payload we cannot read still means "something changed".
  }
  return {};
}

/** Calls `handler` on every configuration change (and after a reconnect, with an empty change). */
export function onConfigChange(notifications: Notifications, handler: (change: ConfigChange) => void): () => void {
  const unsubscribe = notifications.subscribe(NOTIFY.config, (payload) => handler(parseChange(payload)));
  const unReconnect = notifications.onReconnect?.(() => handler({}));
  return () => {
    unsubscribe();
    unReconnect?.();
  };
}
