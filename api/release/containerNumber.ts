/** ISO 6346 container numbers: owner code (3 letters), category (U, J or Z), 6-digit serial, check digit. */
import { CONTAINER_NUMBER_PATTERN } from "../domain.ts";

const LETTER_VALUES: Record<string, number> = {};
{
  let value = 10;
  for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
    if (value % 11 === 0) value++; // 11, 22 and 33 are skipped
    LETTER_VALUES[letter] = value++;
  }
}

/** Whether `text` is a well-formed ISO 6346 container number with the right check digit. */
export function isContainerNumber(text: string): boolean {
  if (!CONTAINER_NUMBER_PATTERN.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = text[i];
    const value = i < 4 ? LETTER_VALUES[c] : Number(c);
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10 === Number(text[10]);
}
