// What the sign-in form may tell a person, shared by the server that refuses and the form that shows
// it: every other refusal reads the same ("Invalid email or password."), so it tells nothing apart.

/** The start of the message a sign-in refused for too many failed attempts carries. */
export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts.";

export function tooManyAttemptsMessage(minutes: number): string {
  return `${TOO_MANY_ATTEMPTS} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The message the form shows for next-auth's `error` after a refused sign-in. */
export function signInErrorMessage(error: string | null | undefined): string {
  return error?.startsWith(TOO_MANY_ATTEMPTS) ? error : "Invalid email or password.";
}
