import { TextField } from '#web/components/field.tsx';

export const PASSWORD_HINT =
  'At least 12 characters. A few unrelated words make a strong, memorable password.';

/** Checks a new password on the device before it is sent; the server checks again. */
export function checkNewPassword(
  password: string,
  confirmation: string,
): { password?: string; confirmation?: string } {
  if (password.length < 12) return { password: 'Use at least 12 characters.' };
  if (password.length > 128) return { password: 'Use at most 128 characters.' };
  if (password !== confirmation) return { confirmation: 'The two passwords do not match.' };
  return {};
}

/** The new password and its confirmation, with errors from the device or the server. */
export function NewPasswordFields(props: {
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
  passwordError?: string;
  confirmationError?: string;
}) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        hint={PASSWORD_HINT}
        value={props.password}
        error={props.passwordError}
        onChange={(e) => props.onPasswordChange(e.target.value)}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        value={props.confirmation}
        error={props.confirmationError}
        onChange={(e) => props.onConfirmationChange(e.target.value)}
      />
    </>
  );
}
