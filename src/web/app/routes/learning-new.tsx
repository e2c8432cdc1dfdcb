import { Link, useNavigate } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { useCreateEntry } from '#web/features/learning/api/save-entry.ts';
import { EntryForm } from '#web/features/learning/components/entry-form.tsx';

/** Log learning by hand: kind, title, date and hours are enough; the rest can come later. */
export default function LearningNewPage() {
  const create = useCreateEntry();
  const navigate = useNavigate();
  return (
    <section className="page page--narrow">
      <p>
        <Link to="/learning">My learning</Link>
      </p>
      <PageHeading>Log learning</PageHeading>
      <EntryForm
        pending={create.isPending}
        error={create.error}
        onCancel={() => navigate('/learning')}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (entry) =>
              navigate('/learning', {
                state: {
                  notice:
                    entry.status === 'draft'
                      ? `Draft “${entry.title}” saved.`
                      : `“${entry.title}” is in your log.`,
                },
              }),
          })
        }
      />
    </section>
  );
}
