// The settings of how output looks (the `color` and `table.layout` keys): their values are
// known to the settings table (src/db) and honoured by the io (src/commands/context.ts).

/** auto: colour at a terminal only; always: colour in pipes too; never: no colour. */
export const COLOUR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColourChoice = (typeof COLOUR_CHOICES)[number];

/** fit: tables fit the terminal's width; wide: every column whole. */
export const TABLE_LAYOUTS = ['fit', 'wide'] as const;
export type TableLayout = (typeof TABLE_LAYOUTS)[number];
