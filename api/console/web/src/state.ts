/** What every page shares: the signed-in caller (or none), the language, and the live-update counter. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Caller, Signing, useKey } from "./api.ts";

export interface ConsoleState {
  caller: Caller | null;
  /** Grows by one at every notification from /v1/events: pages read their data again when it changes. */
  liveTick: number;
  signedIn(caller: Caller, csrfToken: string, signing: Signing): void;
  /** The caller that signs itself unlocked its key file (kept in api.ts's memory), or locked it again (undefined). */
  unlocked(wallet: Parameters<typeof useKey>[0]): void;
  signOut(): Promise<void>;
}

export const Console = createContext<ConsoleState>(null as unknown as ConsoleState);
export const useConsole = () => useContext(Console);

/** The roles of the caller (the operator's is "operator"). */
export const rolesOf = (caller: Caller | null): readonly string[] => (caller ? caller.roles : []);
