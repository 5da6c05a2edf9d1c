// The user's settings file (config.json in the config dir). It may hold a connection
// string with a password and, later, a session token, so it is kept owner-only (0600).
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { CareerError } from '../domain/errors.js';
import { careerPaths, type CareerPaths } from './paths.js';

const CONFIG_FILE_MODE = 0o600;
const CONFIG_DIR_MODE = 0o700;

/** The settings keys, in dot notation. Add new keys here and in SETTING_TYPES. */
export interface CareerSettings {
  'db.uri': string;
  'session.token': string;
  /** Overrides the applications-a-week target derived from the profile. */
  'targets.applicationsPerWeek': number;
  /** Overrides the follow-ups-a-week target derived from the profile. */
  'targets.followUpsPerWeek': number;
  /** How numeric dates (05/12/2026) are read: DMY, MDY or YMD (src/domain/date-reading.ts). */
  'date.order': string;
  /** The mail server for `digest` (smtp:// or smtps://, credentials may be in the URL). */
  'smtp.url': string;
  /** The sender of mail (an address, or `Name <address>`). */
  'smtp.from': string;
  /** The mail server's password when the URL has none (a secret: shown masked). */
  'smtp.password': string;
  /** How long to wait for the mail server at each step, in milliseconds. */
  'smtp.timeoutMs': number;
  /** The coach's OpenAI-compatible chat-completions endpoint. */
  'llm.url': string;
  'llm.model': string;
  /** Sent to the model's endpoint as a Bearer token (a secret: shown masked). */
  'llm.apiKey': string;
  'llm.timeoutMs': number;
  /** auto (colour at a terminal), always or never; NO_COLOR, FORCE_COLOR and the flag win. */
  color: string;
  /** fit (tables fit the terminal) or wide (every column whole, as the flag asks). */
  'table.layout': string;
  /** How `career remind` delivers: auto, desktop or stdout (src/domain/remind-via.ts). */
  'remind.via': string;
}
export type SettingKey = keyof CareerSettings;

type SettingTypeName<T> = T extends number ? 'number' : 'string';

// The type each key holds: a value of another type (a hand edit gone wrong) reads as unset.
const SETTING_TYPES: { [K in SettingKey]: SettingTypeName<CareerSettings[K]> } = {
  'db.uri': 'string',
  'session.token': 'string',
  'targets.applicationsPerWeek': 'number',
  'targets.followUpsPerWeek': 'number',
  'date.order': 'string',
  'smtp.url': 'string',
  'smtp.from': 'string',
  'smtp.password': 'string',
  'smtp.timeoutMs': 'number',
  'llm.url': 'string',
  'llm.model': 'string',
  'llm.apiKey': 'string',
  'llm.timeoutMs': 'number',
  color: 'string',
  'table.layout': 'string',
  'remind.via': 'string',
};

export class CareerConfig {
  readonly #store: Conf;
  /** Absolute path of config.json (the same path conf derives from cwd and configName). */
  readonly path: string;

  constructor(paths: CareerPaths = careerPaths()) {
    this.path = path.join(paths.configDir, 'config.json');
    fs.mkdirSync(paths.configDir, { recursive: true, mode: CONFIG_DIR_MODE });
    // Conf reads the file as soon as it is constructed.
    this.#store = this.#read(
      () =>
        new Conf({
          cwd: paths.configDir,
          configName: 'config',
          projectSuffix: '',
          configFileMode: CONFIG_FILE_MODE,
        }),
    );
  }

  get<K extends SettingKey>(key: K): CareerSettings[K] | undefined {
    const value: unknown = this.#read(() => this.#store.get(key));
    if (SETTING_TYPES[key] === 'number') {
      return typeof value === 'number' && Number.isFinite(value)
        ? (value as CareerSettings[K])
        : undefined;
    }
    return typeof value === 'string' ? (value as CareerSettings[K]) : undefined;
  }

  set<K extends SettingKey>(key: K, value: CareerSettings[K]): void {
    this.#read(() => this.#store.set(key, value));
    this.#restrictMode();
  }

  unset(key: SettingKey): void {
    this.#read(() => this.#store.delete(key));
    this.#restrictMode();
  }

  // conf applies configFileMode only when it creates the file; a file made by an older
  // version or by hand keeps its mode, so enforce it after every write.
  #restrictMode(): void {
    if (fs.existsSync(this.path)) fs.chmodSync(this.path, CONFIG_FILE_MODE);
  }

  #read<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new CareerError(`the config file ${this.path} is not valid JSON`, {
          hint: `fix it by hand, or delete it to start over`,
          cause: error,
        });
      }
      throw error;
    }
  }
}
