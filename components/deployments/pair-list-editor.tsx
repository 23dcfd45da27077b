"use client";

import { Button } from "@/components/ui/button";
import type { Pair } from "./composer-draft";
import { inputClass } from "./deployment-format";

/** Editable name/value rows (labels, custom metrics); `max` caps the rows (5 metrics per deployment, §5.1). */
export function PairListEditor(props: {
  legend: string;
  keyLabel: string;
  valueLabel: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  max?: number;
  multilineValue?: boolean;
  disabled?: boolean;
}) {
  const { pairs, onChange } = props;
  const set = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const isFull = props.max !== undefined && pairs.length >= props.max;
  return (
    <fieldset className="space-y-2" disabled={props.disabled}>
      <legend className="text-sm font-medium">{props.legend}</legend>
      {pairs.map((p, i) => (
        <div key={i} className="flex items-start gap-2">
          <input aria-label={`${props.keyLabel} ${i + 1}`} placeholder={props.keyLabel} value={p.key} onChange={(e) => set(i, { key: e.target.value })} className={`${inputClass} max-w-48`} />
          {props.multilineValue ? (
            <textarea aria-label={`${props.valueLabel} ${i + 1}`} placeholder={props.valueLabel} value={p.value} rows={2} onChange={(e) => set(i, { value: e.target.value })} className={`${inputClass} font-mono text-xs`} />
          ) : (
            <input aria-label={`${props.valueLabel} ${i + 1}`} placeholder={props.valueLabel} value={p.value} onChange={(e) => set(i, { value: e.target.value })} className={inputClass} />
          )}
          <Button type="button" variant="secondary" aria-label={`Remove ${props.keyLabel.toLowerCase()} ${i + 1}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
            ×
          </Button>
        </div>
      ))}
      <Button type="button" variant="secondary" onClick={() => onChange([...pairs, { key: "", value: "" }])} disabled={isFull}>
        Add {props.keyLabel.toLowerCase()}
      </Button>
      {isFull ? <p className="text-xs text-slate-500">At most {props.max}.</p> : null}
    </fieldset>
  );
}
