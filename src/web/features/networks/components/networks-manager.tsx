import { type FormEvent, useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { formatDay } from '#web/lib/format.ts';
import type { NetworkDistrict, NetworkSummary } from '#shared/contracts/networks.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddNetworkDistrict } from '../api/add-network-district.ts';
import { useDistrictCandidates } from '../api/list-district-candidates.ts';
import { useNetworkDistricts } from '../api/list-network-districts.ts';
import { DistrictAdoption } from './district-adoption.tsx';
import { useNetworks } from '../api/list-networks.ts';
import { useRemoveNetworkDistrict } from '../api/remove-network-district.ts';

const LEAVING_MEANS =
  'Its people lose the network’s communities, their threads and everything shared with the network, at once.';

/**
 * The networks one's district belongs to or one administers: a network administrator lists, adds and
 * removes member districts; a district administrator may take their own district out.
 */
export function NetworksManager({ myDistrictId }: { myDistrictId: string }) {
  const networks = useNetworks();
  const [message, setMessage] = useState<string | null>(null);
  if (networks.isPending) return <Loading label="Loading networks…" />;
  if (networks.isError) return <ErrorMessage error={networks.error} />;
  const list = networks.data.data;
  return (
    <div>
      {message && <Notice>{message}</Notice>}
      {list.length === 0 ? (
        <EmptyState title="No networks">
          Your district belongs to no network, and you administer none.
        </EmptyState>
      ) : (
        list.map((network) => (
          <NetworkSection
            key={network.id}
            network={network}
            myDistrictId={myDistrictId}
            onDone={setMessage}
          />
        ))
      )}
    </div>
  );
}

function NetworkSection({
  network,
  myDistrictId,
  onDone,
}: {
  network: NetworkSummary;
  myDistrictId: string;
  onDone: (message: string) => void;
}) {
  const headingId = `network-${network.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{network.name}</h2>
      {network.abilities.manageDistricts ? (
        <>
          <ManageDistricts network={network} onDone={onDone} />
          <DistrictAdoption network={network} />
        </>
      ) : network.abilities.leave ? (
        <LeaveNetwork network={network} myDistrictId={myDistrictId} onDone={onDone} />
      ) : (
        <p>Your district belongs to this network.</p>
      )}
    </section>
  );
}

/** A district administrator takes their own district out, after saying what that means. */
function LeaveNetwork({
  network,
  myDistrictId,
  onDone,
}: {
  network: NetworkSummary;
  myDistrictId: string;
  onDone: (message: string) => void;
}) {
  const remove = useRemoveNetworkDistrict();
  const step = useConfirmStep();
  return (
    <div>
      <p>Your district belongs to this network.</p>
      {step.open ? (
        <ConfirmStep
          prompt={`Take your district out of ${network.name}? ${LEAVING_MEANS}`}
          confirmLabel={`Take your district out of ${network.name}`}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={
            () =>
              remove
                .mutateAsync({ networkId: network.id, districtId: myDistrictId })
                .then(() => onDone(`Your district has left ${network.name}.`))
                .catch(() => {}) // shown through remove.error
          }
          onCancel={step.close}
        />
      ) : (
        <button ref={step.opener} type="button" className="button button--danger" onClick={step.start}>
          Leave {network.name}
        </button>
      )}
    </div>
  );
}

function ManageDistricts({
  network,
  onDone,
}: {
  network: NetworkSummary;
  onDone: (message: string) => void;
}) {
  const districts = useNetworkDistricts(network.id);
  if (districts.isPending) return <Loading label="Loading member districts…" />;
  if (districts.isError) return <ErrorMessage error={districts.error} />;
  const list = districts.data.data;
  return (
    <div>
      {list.length === 0 ? (
        <EmptyState title="No member districts">Add the first district below.</EmptyState>
      ) : (
        <ul className="stack" aria-label={`Member districts of ${network.name}`}>
          {list.map((district) => (
            <MemberDistrict key={district.id} network={network} district={district} onDone={onDone} />
          ))}
        </ul>
      )}
      <AddDistrict network={network} onDone={onDone} />
    </div>
  );
}

function MemberDistrict({
  network,
  district,
  onDone,
}: {
  network: NetworkSummary;
  district: NetworkDistrict;
  onDone: (message: string) => void;
}) {
  const remove = useRemoveNetworkDistrict();
  const step = useConfirmStep();
  return (
    <li>
      <span>
        {district.name} <span className="muted">since {formatDay(district.joinedAt)}</span>
      </span>{' '}
      {step.open ? (
        <ConfirmStep
          prompt={`Remove ${district.name} from ${network.name}? ${LEAVING_MEANS}`}
          confirmLabel={`Remove ${district.name}`}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={
            () =>
              remove
                .mutateAsync({ networkId: network.id, districtId: district.id })
                .then(() => onDone(`${district.name} is no longer in ${network.name}.`))
                .catch(() => {}) // shown through remove.error
          }
          onCancel={step.close}
        />
      ) : (
        <button ref={step.opener} type="button" className="button button--danger" onClick={step.start}>
          Remove<span className="visually-hidden"> {district.name}</span>
        </button>
      )}
    </li>
  );
}

function AddDistrict({ network, onDone }: { network: NetworkSummary; onDone: (message: string) => void }) {
  const candidates = useDistrictCandidates(network.id);
  const add = useAddNetworkDistrict();
  const [districtId, setDistrictId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!districtId) return;
    add.mutate(
      { networkId: network.id, districtId },
      {
        onSuccess: ({ data }) => {
          setDistrictId('');
          onDone(`${data.name} joined ${network.name}.`);
        },
      },
    );
  };
  const options = candidates.data?.data ?? [];
  return (
    <form onSubmit={submit} noValidate aria-label={`Add a district to ${network.name}`}>
      <ErrorMessage error={candidates.error ?? add.error} />
      <SelectField
        label="District to add"
        value={districtId}
        error={add.error instanceof ApiError ? add.error.fieldError('districtId') : undefined}
        onChange={(e) => setDistrictId(e.target.value)}
      >
        <option value="">{candidates.isPending ? 'Loading districts…' : 'Choose a district'}</option>
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="button" disabled={add.isPending || !districtId}>
        Add district
      </button>
    </form>
  );
}
