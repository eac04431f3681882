// User-facing messages said in more than one place, worded once: tests and users depend on them.
export const messages = {
  loginFailed: 'Wrong username, email or password.',
  loginThrottled: 'Too many failed attempts. Wait a few minutes and try again.',
  usernameTaken: 'That username is taken.',
  emailTaken: 'That email is already registered.',
  usernameOrEmailTaken: 'That username or email is taken.',
  noSuchUser: 'No such user.',
  noSuchClient: 'No such client.',
  lastActiveAdmin: 'This is the last active admin.',
  confirmDeletion: 'Tick the box to confirm the deletion.',
  authorizationExpiredTitle: 'Request expired',
  authorizationExpired: 'This sign-in request has expired or was already used. Go back to the application and start again.',
  confirmRotation: 'Tick the box to confirm: the current secret stops working at once.',
} as const
