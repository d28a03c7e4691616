import * as z from "zod/mini";

/**
 * The email address an admin invites someone by; shared by the members form and `invitations.invite`
 * (zod/mini: the browser loads it). Lowercased, as invitations are matched.
 */
export const inviteEmailSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.minLength(1, "Email is required"),
    z.maxLength(254, "Email is at most 254 characters"),
    // People used to be added by their Clerk user id; say what to type instead of "invalid email".
    z.refine(
      (text) => !/^user_[A-Za-z0-9]+$/.test(text),
      "That is a Clerk user id: invite people by their email address, e.g. bob@example.com",
    ),
  ),
  z.email("Enter an email address, e.g. bob@example.com").check(z.toLowerCase()),
);
