/**
 * What the gateway knows of the contracts' ABIs, computed once: interfaces, function fragments by name, event
 * fragments by topic, every custom error, and how event arguments become plain JSON values.
 */
import { type EventFragment, type FunctionFragment, getAddress, Interface } from "ethers";
import { bytesToText } from "../../bytes.ts";
import { loadArtifact, type ContractName } from "./artifacts.ts";

export const interfaces: Record<ContractName, Interface> = {
  PartyRegistry: new Interface(loadArtifact("PartyRegistry").abi as never),
  BillOfLading: new Interface(loadArtifact("BillOfLading").abi as never),
  ImportRelease: new Interface(loadArtifact("ImportRelease").abi as never),
  EquipmentInterchange: new Interface(loadArtifact("EquipmentInterchange").abi as never),
};

/** One interface that knows every custom error any of the contracts can raise. */
export const errors = new Interface(
  Object.values(interfaces).flatMap((i) => i.fragments.filter((f) => f.type === "error")),
);

/** Function fragments by `Contract:name` (ethers would re-hash the ABI to find one per call). */
export const functionsByName = new Map<string, FunctionFragment>();

/** A value type that takes exactly one ABI word, in a topic or in the data: decoded without ethers' coder. */
const ONE_WORD = /^(uint\d+|address|bool|bytes([1-9]|[12]\d|3[0-2]))$/;

interface KnownEvent {
  fragment: EventFragment;
  /** Every argument is one word (no strings, arrays or tuples): decoded word by word. */
  words: boolean;
}
const eventsByTopic = new Map<string, KnownEvent>();

for (const contract of Object.keys(interfaces) as ContractName[]) {
  interfaces[contract].forEachEvent((fragment) =>
    eventsByTopic.set(`${contract}:${fragment.topicHash}`, {
      fragment,
      words: fragment.inputs.every((input) => ONE_WORD.test(input.type)),
    }),
  );
  interfaces[contract].forEachFunction((fragment) => functionsByName.set(`${contract}:${fragment.name}`, fragment));
}

/**
 * One of `contract`'s events, its arguments as plain values (see `plain`); undefined when the log is not an event
 * of that contract.
 */
export function decodeEvent(
  contract: ContractName,
  topics: readonly string[],
  data: string,
): { name: string; args: Record<string, unknown> } | undefined {
  const known = eventsByTopic.get(`${contract}:${topics[0]}`);
  if (!known) return undefined;
  const { fragment } = known;
  const args: Record<string, unknown> = {};
  if (known.words) {
    let topic = 1;
    let offset = 2; // after "0x"
    for (const input of fragment.inputs) {
      const word = input.indexed ? topics[topic++].slice(2) : data.slice(offset, (offset += 64));
      if (word.length !== 64) throw new Error(`${fragment.name}: the log is too short for its arguments`);
      args[input.name] = wordValue(word.toLowerCase(), input.type);
    }
  } else {
    const values = interfaces[contract].decodeEventLog(fragment, data, topics);
    fragment.inputs.forEach((input, i) => {
      args[input.name] = plain(values[i], input.type);
    });
  }
  return { name: fragment.name, args };
}

/** One ABI word (64 lower-case hex digits) of a one-word type, as `plain` renders what ethers decodes. */
function wordValue(word: string, type: string): unknown {
  switch (type) {
    case "uint256":
      return "0x" + word;
    case "address":
      return getAddress("0x" + word.slice(24));
    case "bool":
      return BigInt("0x" + word) !== 0n;
  }
  if (type.startsWith("uint")) return plain(BigInt("0x" + word), type);
  return plain("0x" + word.slice(0, Number(type.slice(5)) * 2), type); // bytesN: left-aligned
}

/** ethers values to plain JSON-friendly ones: small integers as numbers, uint256 as 0x hex, bytes32 as hex. */
export function plain(value: unknown, type: string): unknown {
  // Short fixed-size byte strings are text in this project: container numbers (bytes11), truck plates (bytes16, UTF-8).
  if (typeof value === "string" && /^bytes(1[0-6]|[1-9])$/.test(type)) {
    return bytesToText(value);
  }
  if (typeof value === "bigint")
    return type === "uint256" ? "0x" + value.toString(16).padStart(64, "0") : Number(value);
  if (Array.isArray(value)) return value.map((v) => plain(v, type.replace(/\[\]$/, "")));
  return value;
}
