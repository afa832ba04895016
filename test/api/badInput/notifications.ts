/**
 * Bad input on the one window: webhook subscriptions (bad URLs, addresses the gateway does not send to, unknown event
 * types) and the event stream. The fixture's gateway allows only 127.0.0.1/32 among private networks.
 *
 * Private, loopback, link-local and metadata addresses are refused however they are spelled: IPv4-mapped,
 * IPv4-compatible, IPv4-translated, 6to4, NAT64 and Teredo forms too (422).
 *
 * New rules for the one window go here as rows.
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
  // IPv4-mapped, -compatible and -translated forms, 6to4, NAT64 and Teredo (issue #11, 8)
  "http://[::ffff:a9fe:a9fe]/latest/meta-data",
  "http://[::ffff:192.168.1.1]/",
  "http://[::ffff:0:10.0.0.1]/",
  "http://[::10.0.0.1]/",
  "http://[::127.0.0.2]/",
  "http://[::8.8.8.8]/",
  "http://[2002:7f00:2::1]/", // 6to4 of 127.0.0.2 (6to4 of the allowed 127.0.0.1 is allowed, as the network is)
  "http://[2002:c0a8:101::]/",
  "http://[2002:a9fe:a9fe::1]/latest/meta-data",
  "http://[64:ff9b::10.0.0.1]/",
  "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
  "http://[64:ff9b::7f00:2]/",
  "http://[64:ff9b:1::1]/",
  "http://[2001::1]/",
  "http://[::]/",
  "http://0x7f000002/",
  "http://0177.0.0.2/",
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
