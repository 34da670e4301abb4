/** The time zones the designer's zone pickers offer: the browser's, UTC always among them. */
export const TIME_ZONES: readonly string[] = (() => {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
})();
