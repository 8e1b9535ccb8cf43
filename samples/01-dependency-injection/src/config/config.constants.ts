/** The injection token of the application's configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** What the application is configured with. */
export interface AppConfig {
  greeting: string;
  punctuation: string;
}
