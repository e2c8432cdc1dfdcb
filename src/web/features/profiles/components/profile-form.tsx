import { type FormEvent, useState } from 'react';
import {
  type Audience,
  BIO_MAX,
  EXPERTISE_MAX,
  EXPERTISE_TAG_MAX,
  GRADE_BANDS,
  SUBJECTS,
} from '#shared/contracts/profiles.ts';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import type { OwnProfile } from '../api/get-own-profile.ts';
import { useUpdateProfile } from '../api/update-profile.ts';

type Visibility = OwnProfile['fieldVisibility'];

/** The server's message for a field, including errors on its items (`/body/expertise/3`). */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.problem.errors.find(
    (e) => e.path === `/body/${field}` || e.path.startsWith(`/body/${field}/`),
  );
  return found?.message;
}

function AudienceSelect({
  what,
  value,
  onChange,
}: {
  what: string;
  value: Audience;
  onChange: (value: Audience) => void;
}) {
  return (
    <SelectField
      label={`Who can see ${what}`}
      value={value}
      onChange={(e) => onChange(e.target.value as Audience)}
    >
      <option value="district">My district</option>
      <option value="network">The network</option>
      <option value="public">Anyone</option>
    </SelectField>
  );
}

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

/** Edits every profile field and who may see each one. */
export function ProfileForm({ profile }: { profile: OwnProfile }) {
  const update = useUpdateProfile();
  const [saved, setSaved] = useState(false);
  const [name, setName] = useState(profile.name);
  const [pronouns, setPronouns] = useState(profile.pronouns ?? '');
  const [roleTitle, setRoleTitle] = useState(profile.roleTitle ?? '');
  const [subjects, setSubjects] = useState<string[]>(profile.subjects);
  const [gradeBands, setGradeBands] = useState<string[]>(profile.gradeBands);
  const [years, setYears] = useState(profile.yearsInEducation?.toString() ?? '');
  const [bio, setBio] = useState(profile.bio ?? '');
  const [expertise, setExpertise] = useState(profile.expertise.join(', '));
  const [openToMentoring, setOpenToMentoring] = useState(profile.openToMentoring);
  const [seekingMentor, setSeekingMentor] = useState(profile.seekingMentor);
  const [visibility, setVisibility] = useState<Visibility>(profile.fieldVisibility);
  const audience = (field: keyof Omit<Visibility, 'profile'>, what: string) => (
    <AudienceSelect
      what={what}
      value={visibility[field]}
      onChange={(value) => setVisibility({ ...visibility, [field]: value })}
    />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const yearsNumber = years.trim() === '' ? null : Number(years);
    update.mutate(
      {
        name,
        pronouns: pronouns.trim() || null,
        roleTitle: roleTitle.trim() || null,
        subjects: subjects as (typeof SUBJECTS)[number][],
        gradeBands: gradeBands as (typeof GRADE_BANDS)[number][],
        yearsInEducation: yearsNumber,
        bio: bio.trim() ? bio : null,
        expertise: expertise
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        openToMentoring,
        seekingMentor,
        fieldVisibility: visibility,
      },
      { onSuccess: () => setSaved(true) },
    );
  };
  const err = (field: string) => fieldError(update.error, field);

  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-details-heading">
      <h2 id="profile-details-heading">About you</h2>
      {saved && <Notice>Your profile is saved.</Notice>}
      <ErrorMessage error={update.error} />

      <SelectField
        label="Who can open my profile"
        hint="Colleagues in your district and network always see your name, role, school and district."
        value={visibility.profile}
        onChange={(e) => setVisibility({ ...visibility, profile: e.target.value as Visibility['profile'] })}
      >
        <option value="network">People in my district and network</option>
        <option value="public">Anyone, including people outside the network</option>
      </SelectField>

      <TextField
        label="Name"
        required
        maxLength={120}
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={err('name')}
      />
      <TextField
        label="Pronouns"
        hint="Optional, e.g. she/her"
        maxLength={40}
        value={pronouns}
        onChange={(e) => setPronouns(e.target.value)}
        error={err('pronouns')}
      />
      {audience('pronouns', 'your pronouns')}
      <TextField
        label="Role title"
        hint="e.g. 7th grade science teacher"
        maxLength={120}
        value={roleTitle}
        onChange={(e) => setRoleTitle(e.target.value)}
        error={err('roleTitle')}
      />

      <fieldset aria-describedby={err('subjects') ? 'subjects-error' : undefined}>
        <legend>Subjects</legend>
        {SUBJECTS.map((subject) => (
          <label key={subject} className="checkbox">
            <input
              type="checkbox"
              checked={subjects.includes(subject)}
              onChange={(e) => setSubjects(toggle(subjects, subject, e.target.checked))}
            />
            {subject}
          </label>
        ))}
        {err('subjects') && (
          <p className="field__error" id="subjects-error">
            {err('subjects')}
          </p>
        )}
      </fieldset>
      {audience('subjects', 'your subjects')}

      <fieldset aria-describedby={err('gradeBands') ? 'grade-bands-error' : undefined}>
        <legend>Grade bands</legend>
        {GRADE_BANDS.map((band) => (
          <label key={band} className="checkbox">
            <input
              type="checkbox"
              checked={gradeBands.includes(band)}
              onChange={(e) => setGradeBands(toggle(gradeBands, band, e.target.checked))}
            />
            Grades {band}
          </label>
        ))}
        {err('gradeBands') && (
          <p className="field__error" id="grade-bands-error">
            {err('gradeBands')}
          </p>
        )}
      </fieldset>
      {audience('gradeBands', 'your grade bands')}

      <TextField
        label="Years in education"
        type="number"
        inputMode="numeric"
        min={0}
        max={60}
        value={years}
        onChange={(e) => setYears(e.target.value)}
        error={err('yearsInEducation')}
      />
      {audience('yearsInEducation', 'your years in education')}

      <TextArea
        label="Bio"
        hint={`Plain text, up to ${BIO_MAX} characters (${bio.length} used).`}
        maxLength={BIO_MAX}
        rows={6}
        value={bio}
        onChange={(e) => setBio(e.target.value)}
        error={err('bio')}
      />
      {audience('bio', 'your bio')}

      <TextField
        label="Expertise"
        hint={`Separate tags with commas; up to ${EXPERTISE_MAX} tags of ${EXPERTISE_TAG_MAX} characters.`}
        value={expertise}
        onChange={(e) => setExpertise(e.target.value)}
        error={err('expertise')}
      />
      {audience('expertise', 'your expertise')}

      <fieldset>
        <legend>Mentoring</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={openToMentoring}
            onChange={(e) => setOpenToMentoring(e.target.checked)}
          />
          I am open to mentoring a colleague
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={seekingMentor}
            onChange={(e) => setSeekingMentor(e.target.checked)}
          />
          I am looking for a mentor
        </label>
      </fieldset>
      {audience('mentoring', 'your mentoring choices')}

      <p className="muted">Email: {profile.email}</p>
      {audience('email', 'your email address')}

      {audience('photo', 'your photo')}

      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save my profile'}
        </button>
      </div>
    </form>
  );
}
