import type { TextPart } from '#shared/contracts/resources.ts';

/**
 * Words of a text with what an edit added and removed marked: <ins> and <del>, each with words a
 * screen reader says (the elements themselves are often not announced).
 */
export function TextChanges({ parts }: { parts: TextPart[] }) {
  return (
    <p className="text-changes">
      {parts.map((part, index) => {
        const key = `${index}-${part.kind}`;
        if (part.kind === 'added')
          return (
            <ins key={key}>
              <span className="visually-hidden">[added: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </ins>
          );
        if (part.kind === 'removed')
          return (
            <del key={key}>
              <span className="visually-hidden">[removed: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        return <span key={key}>{part.text}</span>;
      })}
    </p>
  );
}
