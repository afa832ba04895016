/** The consignee names the haulier that collects a container of its delivery order, found by the container's number. */
import { useState } from "preact/hooks";
import { api, data, written, type ContainerView } from "../api.ts";
import { ContainerNumberField, containerCheck, ErrorMessage, Notice, PartyPicker, Section } from "../components.tsx";
import { t } from "../i18n.ts";

export function NominateHaulier() {
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
      setFound(written(view));
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
        <ContainerNumberField
          value={container}
          onValue={(value) => {
            setContainer(value);
            setFound(null);
          }}
        />
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
