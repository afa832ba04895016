/** B/Ls of one filter, read again whenever a notification arrives or an action was taken. */
import { useEffect, useState } from "preact/hooks";
import { api, data, type BillOfLading } from "../api.ts";
import { useConsole } from "../state.ts";

export function useBills(filter: "held" | "issued" | "awaiting", reload: number) {
  const { liveTick } = useConsole();
  const [bills, setBills] = useState<BillOfLading[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    data(api.GET("/v1/bills-of-lading", { params: { query: { filter, limit: 200 } } })).then(
      (r) => current && (setBills(r.items), setError(null)),
      (e) => current && setError(e),
    );
    return () => void (current = false);
  }, [filter, liveTick, reload]);
  return { bills, error };
}
