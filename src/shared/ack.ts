/** The answer to a socket.io request: data, or an error with a stable code and a message for the user. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
