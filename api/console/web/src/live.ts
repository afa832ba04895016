/**
 * Live updates: the organization's notifications from /v1/events (server-sent events, authenticated by the session
 * cookie the browser sends with it). Each one bumps a counter the pages read their data again on.
 */
import type { operations } from "../../../client/index.ts";

type NotificationType = NonNullable<
  operations["subscribe"]["requestBody"]["content"]["application/json"]["eventTypes"]
>[number];

/** Every notification type the stream names its events with (the type checks the list is whole). */
const TYPES: Record<NotificationType, true> = {
  "billOfLading.issued": true,
  "billOfLading.transferred": true,
  "billOfLading.endorsed": true,
  "billOfLading.transferRejected": true,
  "billOfLading.surrenderRequested": true,
  "billOfLading.surrenderAccepted": true,
  "billOfLading.surrenderRejected": true,
  "billOfLading.amended": true,
  "billOfLading.attachmentAdded": true,
  "release.deliveryOrderIssued": true,
  "release.deliveryOrderRevoked": true,
  "release.haulierNominated": true,
  "release.customsReleased": true,
  "release.customsHoldPlaced": true,
  "release.customsHoldLifted": true,
  "release.dischargeCorrected": true,
  "release.containerTakenOver": true,
  "release.gatedOut": true,
  "equipment.issued": true,
  "equipment.truckAssigned": true,
  "equipment.cancelled": true,
  "equipment.gatedOut": true,
  "equipment.gatedIn": true,
  "equipment.newDamageAttributed": true,
  "organization.signerAdded": true,
  "organization.signerRemoved": true,
  "organization.keyThresholdChanged": true,
  "organization.recoveryStarted": true,
  "organization.recoveryCancelled": true,
  "organization.recoveryCompleted": true,
};

/** Opens the stream; `onEvent` runs at each notification, `onState` when it connects or drops. Returns its closer. */
export function listen(onEvent: () => void, onState: (connected: boolean) => void): () => void {
  const source = new EventSource("/v1/events");
  for (const type of Object.keys(TYPES)) source.addEventListener(type, onEvent);
  source.onopen = () => onState(true);
  source.onerror = () => onState(source.readyState === EventSource.OPEN);
  return () => source.close();
}
