/** Debian's Chromium (`scripts/services.sh` installs it); FLOW_E2E_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.FLOW_E2E_CHROMIUM || '/usr/bin/chromium';
