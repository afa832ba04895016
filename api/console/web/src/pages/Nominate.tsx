/** The consignee names the haulier that collects a container of its delivery order, found by the container's number. */
import { useId, useState } from "preact/hooks";
import { api, data, type ContainerView } from "../api.ts";
import { ErrorMessage, Notice, PartyPicker, Section } from "../components.tsx";
import { t } from "../i18n.ts";
import { containerCheck } from "./Gate.tsx";

export function NominateHaulier() {
  const id = useId();
  const [container, setContainer] = useState("");
  const [found, setFound] = useState<ContainerView | null>(null);
  const [haulier, setHaulier] = useState({ text: "", orgId: undefined as string | undefined });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = container ? containerCheck(container) : null;

  const lookUp = async () => {
    setError(null);
    setNotice(null);
    setFound(null);
    try {
      setFound(await data(api.GET("/v1/containers/{container}", { params: { path: { container } } })));
    } catch (err) {
      setError(err);
    }
  };
  const nominate = async () => {
    if (!found?.deliveryOrderId) return;
    setBusy(true);
    setError(null);
    try {
      const view = await data(
        api.POST("/v1/delivery-orders/{deliveryOrderId}/nominate-haulier", {
          params: { path: { deliveryOrderId: String(found.deliveryOrderId) } },
          body: { container, haulier: haulier.orgId! },
        }),
      );
      setFound(view as ContainerView);
      setNotice(t("nominate.done", { container, haulier: haulier.text }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t("nominate.title")} id="nominate">
      <Notice text={notice} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void lookUp();
        }}
      >
        <div class="field">
          <label for={id}>{t("gate.container")}</label>
          <input
            id={id}
            value={container}
            maxLength={11}
            autocomplete="off"
            spellcheck={false}
            aria-describedby={`${id}-check`}
            aria-invalid={check ? !check.ok : undefined}
            onInput={(e) => {
              setContainer((e.currentTarget as HTMLInputElement).value.toUpperCase().replace(/\s+/g, ""));
              setFound(null);
            }}
          />
          <span id={`${id}-check`} class={check ? (check.ok ? "hint good" : "hint bad") : "hint"}>
            {check ? check.message : t("gate.containerHint")}
          </span>
        </div>
        <div class="actions">
          <button type="submit" disabled={!check?.ok}>
            {t("nominate.lookUp")}
          </button>
        </div>
      </form>
      {found ? (
        <>
          <dl class="facts">
            <dt>{t("bl.number")}</dt>
            <dd>{found.blNumber ?? "—"}</dd>
            <dt>{t("nominate.deliveryOrder")}</dt>
            <dd>{found.deliveryOrderId ?? t("nominate.noOrder")}</dd>
            <dt>{t("gate.haulier")}</dt>
            <dd>{found.haulier ? `${found.haulier.name} (${found.haulier.orgId})` : "—"}</dd>
          </dl>
          {found.deliveryOrderId ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void nominate();
              }}
            >
              <PartyPicker
                label={t("gate.haulier")}
                role="haulier"
                value={haulier.text}
                required
                onChange={(text, orgId) => setHaulier({ text, orgId })}
              />
              <div class="actions">
                <button type="submit" class="primary" disabled={busy || !haulier.orgId}>
                  {t("nominate.submit")}
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
      <ErrorMessage error={error} />
    </Section>
  );
}
