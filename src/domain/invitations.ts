import * as z from "zod/mini";

/**
 * The email address an admin invites someone by; shared by the members form and `invitations.invite`
 * (zod/mini: the browser loads it). Lowercased, as invitations are matched.
 */
export const inviteEmailSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.minLength(1, "validation.members.emailRequired"),
    z.maxLength(254, "validation.members.emailTooLong"),
    // People used to be added by their Clerk user id; say what to type instead of "invalid email".
    z.refine((text) => !/^user_[A-Za-z0-9]+$/.test(text), "validation.members.clerkUserId"),
  ),
  z.email("validation.members.emailInvalid").check(z.toLowerCase()),
);
