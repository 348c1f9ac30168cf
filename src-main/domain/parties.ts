import { z } from 'zod';

/**
 * The names of the people of a delegated case. The same person is 被授权人 in Shanxi's
 * materials table, 受托人 on its authorization letter and 经办人 on most platforms: a province
 * profile names each party once, in its own forms' words, and keeps the other names as a hint
 * so the clerk can match the form with a letter or a platform screen that says otherwise.
 */
export const partyNameSchema = z.object({
  /** The one name the province's forms, checklist and case page use. */
  name: z.string().min(1),
  /** The other names the same person goes by (letters, platform), shown as a hint. */
  alsoCalled: z.array(z.string().min(1)).default([]),
  /** Where the province's seed uses the name, e.g. seeds/002:71. */
  source: z.string().optional(),
});
export type PartyName = z.infer<typeof partyNameSchema>;

/** The two people of a delegated case: the one who delegates and the one at the counter. */
export const partyNamesSchema = z.object({
  /** The natural person who delegates (the applicant of a delegated person's case). */
  principal: partyNameSchema,
  /** The person who comes to the counter for someone else. */
  agent: partyNameSchema,
});
export type PartyNames = z.infer<typeof partyNamesSchema>;

/** What a profile without its own names says: the platforms' word for the person at the counter. */
export const defaultPartyNames: PartyNames = {
  principal: { name: '委托人', alsoCalled: ['授权人'] },
  agent: { name: '经办人', alsoCalled: ['被授权人', '受托人', '受委托人'] },
};

/** Which named party a form party is: the applicant of a delegated case is the principal. */
export function namedParty(party: string, delegated: boolean): keyof PartyNames | null {
  if (party === 'agent') return 'agent';
  if (party === 'applicant' && delegated) return 'principal';
  return null;
}

/** The party's one name, e.g. 被授权人, or null for a party the profile does not name. */
export function partyName(names: PartyNames, party: string, delegated: boolean): string | null {
  const named = namedParty(party, delegated);
  return named ? names[named].name : null;
}

/** The name with its other names as a hint: 被授权人（即经办人、受托人）. */
export function partyTitle(name: PartyName): string {
  return name.alsoCalled.length > 0 ? `${name.name}（即${name.alsoCalled.join('、')}）` : name.name;
}

/** Every name a profile gives either party, its own and the hints: what a label may not mix. */
export function allPartyWords(names: PartyNames): string[] {
  return [names.principal, names.agent].flatMap((item) => [item.name, ...item.alsoCalled]);
}
