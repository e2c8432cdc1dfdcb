/**
 * A form's closing buttons: the submit button, which says what the form is doing while it waits and
 * cannot be pressed twice, and Cancel when the form can be left without saving.
 */
export function FormActions({
  label,
  pendingLabel = 'Saving…',
  pending,
  disabled = false,
  onCancel,
}: {
  label: string;
  pendingLabel?: string;
  pending: boolean;
  /** Why else the form cannot be sent yet (an empty required answer, say). */
  disabled?: boolean;
  onCancel?: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="button" disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </button>
      {onCancel && (
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
