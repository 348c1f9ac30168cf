/** Every word the forms, letters and platforms use for the two people of a delegated case. */
export const PARTY_WORDS = [
  '受委托人',
  '被授权人',
  '受托人',
  '委托人',
  '授权人',
  '经办人',
] as const;

/**
 * The party words a text uses, each once. Longer words are read first and taken out, so
 * 被授权人 is not also read as 授权人 nor 受委托人 as 委托人.
 */
export function partyWordsIn(text: string): string[] {
  const found: string[] = [];
  let rest = text;
  for (const word of PARTY_WORDS) {
    if (!rest.includes(word)) continue;
    found.push(word);
    rest = rest.replaceAll(word, '\u3000');
  }
  return found;
}
