// The server's limits on what the operator types (src/requests/request-service.ts). The form
// checks the maximum itself; the minimum is left to the server, whose refusal the desk translates.
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 4000;
