/**
 * Bad input on the one window: webhook subscriptions (bad URLs, addresses the gateway does not send to, unknown event
 * types) and the event stream. The fixture's gateway allows only 127.0.0.1/32 among private networks.
 *
 * Rules to append here as rows once the gateway has them (they fail today): IPv4-compatible, 6to4 and NAT64 forms of
 * private addresses, refused by default in every mode.
 */
import type { Case } from "./harness.ts";

const SUBSCRIBE = "/v1/subscriptions";

const subscribing = (name: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: "bank",
  method: "post",
  path: SUBSCRIBE,
  body,
  ...rest,
});

const refusedAddresses = [
  "http://10.0.0.1/hooks",
  "http://172.20.0.1/hooks",
  "http://192.168.1.1/hooks",
  "http://169.254.169.254/latest/meta-data",
  "http://127.0.0.2:8545/",
  "http://100.64.0.1/",
  "http://0.0.0.0/",
  "http://[::1]:3000/hooks",
  "http://[fe80::1]/",
  "http://[fd00::1]/",
  "http://[::ffff:10.0.0.1]/",
  "http://[::ffff:127.0.0.2]/",
  "http://2130706434/",
];

export const notificationCases: { [group: string]: Case[] } = {
  subscriptions: [
    subscribing("when a subscription has no url, then 400", {}, { status: 400, pointer: "/url" }),
    subscribing("when the url is not a URL, then 400", { url: "not a url" }, { status: 400, pointer: "/url" }),
    subscribing("when the url is ftp, then 400", { url: "ftp://example.org/hooks" }, { status: 400, pointer: "/url" }),
    subscribing(
      "when the url is javascript:, then 400",
      { url: "javascript:alert(1)" },
      { status: 400, pointer: "/url" },
    ),
    subscribing("when the url is a number, then 400", { url: 8080 }, { status: 400, pointer: "/url" }),
    subscribing(
      "when an event type is unknown, then 400",
      { url: "http://127.0.0.1:9/x", eventTypes: ["everything"] },
      {
        status: 400,
        pointer: "/eventTypes/0",
      },
    ),
    subscribing(
      "when eventTypes is a string, then 400",
      { url: "http://127.0.0.1:9/x", eventTypes: "billOfLading.issued" },
      {
        status: 400,
        pointer: "/eventTypes",
      },
    ),
    ...refusedAddresses.map((url) =>
      subscribing(
        `when the url is ${url}, then 422: not an address webhooks go to`,
        { url },
        {
          status: 422,
          pointer: "/url",
          detail: "WEBHOOK_PRIVATE_NETWORKS",
        },
      ),
    ),
    subscribing(
      "when the operator subscribes, then 403",
      { url: "http://127.0.0.1:9/x" },
      { as: "operator", status: 403, detail: "operator" },
    ),
    {
      name: "when the operator lists subscriptions, then 403",
      as: "operator",
      method: "get",
      path: SUBSCRIBE,
      status: 403,
    },
    {
      name: "when an unknown subscription's deliveries are read, then 404",
      as: "shipper",
      method: "get",
      path: `${SUBSCRIBE}/00000000-0000-4000-8000-000000000000/deliveries`,
      status: 404,
    },
    {
      name: "when another organization reads a subscription's deliveries, then 403",
      as: "bank",
      method: "get",
      path: (f) => `${SUBSCRIBE}/${f.subscriptionId}/deliveries`,
      status: 403,
      detail: "another organization",
    },
    {
      name: "when an unknown subscription is deleted, then 404",
      as: "shipper",
      method: "delete",
      path: `${SUBSCRIBE}/not-a-subscription`,
      status: 404,
    },
    {
      name: "when another organization deletes a subscription, then 403",
      as: "bank",
      method: "delete",
      path: (f) => `${SUBSCRIBE}/${f.subscriptionId}`,
      status: 403,
      detail: "another organization",
    },
    {
      name: "when the operator deletes a subscription, then 403",
      as: "operator",
      method: "delete",
      path: (f) => `${SUBSCRIBE}/${f.subscriptionId}`,
      status: 403,
    },
    {
      name: "when the operator opens the event stream, then 403",
      as: "operator",
      method: "get",
      path: "/v1/events",
      status: 403,
      detail: "operator",
    },
  ],
};
