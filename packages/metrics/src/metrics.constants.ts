/** The token of {@link MetricsModuleOptions}. */
export const METRICS_OPTIONS = 'mvent:metrics_options';
