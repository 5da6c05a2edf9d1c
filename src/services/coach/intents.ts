// What a message to the offline coach is about, recognised from keywords. The table is
// ordered: the first intent with a matching keyword wins, so "what should I learn next"
// is about skills (before "next steps") and "which follow-ups are due this week" about
// follow-ups (before "progress"). README.md documents the same table.

export const INTENTS = [
  'interview',
  'stalled',
  'follow-ups',
  'skills',
  'progress',
  'next-steps',
  'help',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Each intent's keywords, as patterns matched against the lowercased message. */
export const INTENT_KEYWORDS: ReadonlyArray<readonly [Intent, readonly RegExp[]]> = [
  ['interview', [/\binterview/, /\bprep(are|aring|aration)?\b/]],
  [
    'stalled',
    [
      /\bstall/,
      /\bstuck\b/,
      /\bstale\b/,
      /\bno (answer|response|reply)/,
      /\bheard back\b/,
      /\bghost/,
      /\bwaiting\b/,
    ],
  ],
  ['follow-ups', [/\bfollow[- ]?ups?\b/, /\breach(ing)? out\b/, /\bnetwork/]],
  ['skills', [/\bskill/, /\bgaps?\b/, /\blearn/, /\bcourses?\b/, /\bmissing\b/]],
  [
    'progress',
    [/\bprogress\b/, /\btargets?\b/, /\bon track\b/, /\bthis week\b/, /\bhow am i doing\b/],
  ],
  [
    'next-steps',
    [
      /\bnext\b/,
      /\bwhat (should|do|can) i do\b/,
      /\bto ?do\b/,
      /\bagenda\b/,
      /\btoday\b/,
      /\bpriorit/,
      /\bfocus\b/,
    ],
  ],
  ['help', [/\bhelp\b/, /\bwhat can you\b/, /^\s*(hi|hello|hey)\b/]],
];

/** The intent of a message; 'help' when no keyword matches. */
export function recogniseIntent(message: string): Intent {
  const text = message.toLowerCase();
  for (const [intent, patterns] of INTENT_KEYWORDS) {
    if (patterns.some((pattern) => pattern.test(text))) return intent;
  }
  return 'help';
}
