import type { ResourcePresets } from '@batteries-included/operator/api-types';
import { useId, useState } from 'react';
import type { FieldDescriptor } from '../schema/fields.js';
import { describeQuantity, joinQuantity, splitQuantity, UNITS, unitLabel } from '../schema/quantity.js';
import { getAt, setAt, type Spec } from '../schema/spec-value.js';
import type { FieldErrors } from '../schema/validate.js';

export interface SchemaFormProps {
  fields: readonly FieldDescriptor[];
  value: Spec;
  onChange: (next: Spec) => void;
  errors: FieldErrors;
  /** The installed spec, when editing: shown as the current value and used for grow-only hints. */
  current?: Spec;
  /** The battery's resolved defaults, shown as placeholders. */
  defaults?: Spec | null;
  /** Image tags offered besides the default and current ones. */
  knownTags?: readonly string[];
  /** The battery's size presets per `resources` field (its catalog entry's), offered above those fields. */
  resourcePresets?: ResourcePresets;
  isEditing?: boolean;
}

/**
 * A form generated from a battery's schema. Unset fields show the default as a placeholder and are left out
 * of the spec, so defaults stay the operator's; each field has its help text beside it and its error below it.
 */
export function SchemaForm(props: SchemaFormProps) {
  return (
    <div className="schema-form">
      {props.fields.map((field) => (
        <Field key={field.id} field={field} {...props} />
      ))}
    </div>
  );
}

type FieldProps = SchemaFormProps & { field: FieldDescriptor };

function Field(props: FieldProps) {
  const { field } = props;
  switch (field.kind) {
    case 'object':
    case 'image':
    case 'resources':
      return <Group {...props} />;
    case 'list':
      return field.items?.children ? <ObjectList {...props} /> : <Row {...props} />;
    default:
      return <Row {...props} />;
  }
}

/** A descriptor re-rooted at an element of a list: paths and ids without the list's path and its `*`. */
function elementField(field: FieldDescriptor, depth: number): FieldDescriptor {
  const path = field.path.slice(depth);
  return {
    ...field,
    path,
    id: path.join('.'),
    ...(field.children ? { children: field.children.map((c) => elementField(c, depth)) } : {}),
    ...(field.items ? { items: elementField(field.items, depth) } : {}),
  };
}

/**
 * A list of objects (containers, ports, env values): each element is its own small form, with Remove; Add appends
 * an empty one. Errors reach the element's fields (`env.1.name`).
 */
function ObjectList(props: FieldProps) {
  const { field } = props;
  const raw = getAt(props.value, field.path);
  const elements = Array.isArray(raw) ? (raw as Spec[]) : [];
  const children = (field.items?.children ?? []).map((child) => elementField(child, field.path.length + 1));
  const setElements = (next: Spec[]) =>
    props.onChange(setAt(props.value, field.path, next.length ? next : undefined));
  const isFull = field.maxItems !== undefined && elements.length >= field.maxItems;
  return (
    <fieldset className="field-group object-list" data-field={field.id}>
      <legend>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
        {field.description && <span className="muted"> — {field.description}</span>}
      </legend>
      {props.errors[field.id] && (
        <small className="field-error" role="alert">
          {field.label} {props.errors[field.id]}
        </small>
      )}
      {elements.map((element, index) => {
        const prefix = `${field.id}.${index}.`;
        const errors = Object.fromEntries(
          Object.entries(props.errors)
            .filter(([id]) => id.startsWith(prefix))
            .map(([id, message]) => [id.slice(prefix.length), message]),
        );
        return (
          <fieldset className="object-list-item" key={index} aria-label={`${field.label} ${index + 1}`}>
            <SchemaForm
              fields={children}
              value={element}
              onChange={(next) => setElements(elements.map((e, i) => (i === index ? next : e)))}
              errors={errors}
              isEditing={props.isEditing}
            />
            <button
              type="button"
              className="secondary outline"
              onClick={() => setElements(elements.filter((_, i) => i !== index))}
            >
              Remove {field.label.toLowerCase()} {index + 1}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        disabled={isFull}
        onClick={() => setElements([...elements, {}])}
      >
        Add {field.label.toLowerCase()}
      </button>
    </fieldset>
  );
}

function Group(props: FieldProps) {
  const { field } = props;
  const hasValue = getAt(props.value, field.path) !== undefined;
  const [isOpen, setIsOpen] = useState(() => hasValue || field.required);
  // A group that just got values (a size preset, a reset to installed values) opens to show them.
  const [hadValue, setHadValue] = useState(hasValue);
  if (hasValue !== hadValue) {
    setHadValue(hasValue);
    if (hasValue) setIsOpen(true);
  }
  return (
    <details
      className="field-group"
      open={isOpen || Object.keys(props.errors).some((id) => id.startsWith(`${field.id}.`))}
      onToggle={(e) => setIsOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>
        {field.label}
        {field.description && <span className="muted"> — {field.description}</span>}
      </summary>
      {field.kind === 'resources' && props.resourcePresets?.[field.id] && (
        <SizePreset {...props} presets={props.resourcePresets[field.id]!} />
      )}
      {(field.children ?? []).map((child) => (
        <Field key={child.id} {...props} field={child} />
      ))}
    </details>
  );
}

/** One labelled field: the input on the left, the schema's help text on the right, the error under the input. */
function Row(props: FieldProps) {
  const { field, errors } = props;
  const id = `field-${useId().replace(/:/g, '')}`;
  const error = errors[field.id];
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy =
    [field.description ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const input = <Input {...props} id={id} describedBy={describedBy} isInvalid={Boolean(error)} />;
  return (
    <div className="field-row" data-field={field.id}>
      <div className="field-input">
        {field.kind === 'boolean' ? (
          input
        ) : (
          <>
            <label htmlFor={id}>
              {field.label}
              {field.required && <span aria-hidden="true"> *</span>}
            </label>
            {input}
          </>
        )}
        {error && (
          <small id={errorId} className="field-error" role="alert">
            {field.label} {error}
          </small>
        )}
      </div>
      <div className="field-help" id={helpId}>
        {field.description}
        {field.mayNotShrink && !/shrink/i.test(field.description ?? '') && <em> Can grow, never shrink.</em>}
        {field.isFixedAfterCreation && props.isEditing && <em> Fixed: it cannot change now.</em>}
        {field.rules?.map((rule) => (
          <em key={rule}> {rule}</em>
        ))}
      </div>
    </div>
  );
}

type InputProps = FieldProps & { id: string; describedBy?: string; isInvalid: boolean };

function Input(props: InputProps) {
  const { field, value, onChange, id, describedBy, isInvalid, defaults } = props;
  const raw = getAt(value, field.path);
  const fallback = getAt(defaults ?? {}, field.path) ?? field.default;
  const set = (next: unknown) => onChange(setAt(value, field.path, next));
  const common = {
    id,
    name: field.id,
    'aria-describedby': describedBy,
    'aria-invalid': isInvalid ? true : undefined,
    disabled: Boolean(field.isFixedAfterCreation && props.isEditing),
  } as const;

  switch (field.kind) {
    case 'boolean': {
      const checked = typeof raw === 'boolean' ? raw : fallback === true;
      return (
        <label htmlFor={id} className="switch-label">
          <input
            {...common}
            type="checkbox"
            role="switch"
            checked={checked}
            onChange={(e) => set(e.target.checked)}
          />
          {field.label}
        </label>
      );
    }
    case 'enum':
      return (
        <select
          {...common}
          value={raw === undefined ? '' : String(raw)}
          onChange={(e) => set(e.target.value || undefined)}
        >
          <option value="">{fallback !== undefined ? `Default (${String(fallback)})` : 'Not set'}</option>
          {field.enum?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'integer':
    case 'number':
      return <NumberInput {...props} raw={raw} fallback={fallback} set={set} common={common} />;
    case 'quantity':
      return <QuantityInput {...props} raw={raw} fallback={fallback} set={set} common={common} />;
    case 'list': {
      const lines = Array.isArray(raw) ? raw.map(String).join('\n') : '';
      return (
        <textarea
          {...common}
          rows={3}
          placeholder={
            Array.isArray(fallback) && fallback.length ? fallback.join('\n') : 'One entry per line'
          }
          value={lines}
          onChange={(e) => {
            const entries = e.target.value
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean);
            set(entries.length ? entries : undefined);
          }}
        />
      );
    }
    case 'map':
    case 'json':
      return <JsonInput raw={raw} fallback={fallback} set={set} common={common} />;
    default: {
      const isTag = field.path[field.path.length - 1] === 'tag';
      const tags = isTag
        ? [
            ...new Set([
              String(fallback ?? ''),
              String(getAt(props.current ?? {}, field.path) ?? ''),
              ...(props.knownTags ?? []),
            ]),
          ].filter(Boolean)
        : [];
      return (
        <>
          <input
            {...common}
            type="text"
            placeholder={
              fallback !== undefined
                ? String(fallback)
                : field.example !== undefined
                  ? `e.g. ${String(field.example)}`
                  : ''
            }
            value={typeof raw === 'string' ? raw : ''}
            list={isTag ? `${id}-tags` : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set(e.target.value)}
          />
          {isTag && (
            <datalist id={`${id}-tags`}>
              {tags.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
          )}
        </>
      );
    }
  }
}

type Common = {
  id: string;
  name: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  disabled: boolean;
};
type Setter = { raw: unknown; fallback: unknown; set: (v: unknown) => void; common: Common };

function NumberInput({ field, raw, fallback, set, common }: InputProps & Setter) {
  const [text, setText] = useState(raw === undefined ? '' : String(raw));
  // Follow outside changes (a reset, a preset) without fighting what is being typed.
  const textValue = text.trim() === '' ? undefined : Number(text);
  if (!Object.is(textValue, raw) && !(raw === undefined && text.trim() === ''))
    setText(raw === undefined ? '' : String(raw));
  const hasRange =
    field.minimum !== undefined && field.maximum !== undefined && field.maximum - field.minimum <= 1000;
  const onText = (next: string) => {
    setText(next);
    set(next.trim() === '' ? undefined : Number(next));
  };
  return (
    <div className="number-input">
      <input
        {...common}
        type="number"
        inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
        min={field.minimum}
        max={field.maximum}
        step={field.kind === 'integer' ? 1 : 'any'}
        placeholder={fallback !== undefined ? String(fallback) : ''}
        value={text}
        onChange={(e) => onText(e.target.value)}
      />
      {hasRange && (
        <input
          type="range"
          aria-label={`${field.label} slider`}
          min={field.minimum}
          max={field.maximum}
          step={field.kind === 'integer' ? 1 : 'any'}
          value={text === '' ? Number(fallback ?? field.minimum) : Number(text)}
          disabled={common.disabled}
          onChange={(e) => onText(e.target.value)}
        />
      )}
      {(field.minimum !== undefined || field.maximum !== undefined) && (
        <small className="muted">
          Range {field.minimum ?? '−∞'} – {field.maximum ?? '∞'}
        </small>
      )}
    </div>
  );
}

/** Sizes offered for volumes (the original's storage ticks). */
const STORAGE_SIZES = ['1Gi', '10Gi', '50Gi', '200Gi', '500Gi', '2Ti'];

/** An amount and a unit picker that understand Kubernetes quantities; shows the size in words. */
function QuantityInput({ field, raw, fallback, set, common, id, current }: InputProps & Setter) {
  const kind = field.quantity ?? 'bytes';
  const initial = splitQuantity(typeof raw === 'string' ? raw : '');
  const fallbackUnit = splitQuantity(
    typeof fallback === 'string' ? fallback : String(field.example ?? ''),
  ).unit;
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState(typeof raw === 'string' ? initial.unit : (fallbackUnit ?? UNITS[kind][0]));
  const rawText = typeof raw === 'string' ? raw : '';
  if (rawText !== joinQuantity(amount, unit)) {
    // Changed from outside (a preset, a reset): show the new value.
    const parts = splitQuantity(rawText);
    setAmount(parts.amount);
    if (rawText) setUnit(parts.unit);
  }
  const units = UNITS[kind].includes(unit) ? UNITS[kind] : [unit, ...UNITS[kind]];
  const shown = joinQuantity(amount, unit);
  const words = shown ? describeQuantity(kind, shown) : fallback ? `default ${String(fallback)}` : undefined;
  const installed = getAt(current ?? {}, field.path);
  const isStorage = field.mayNotShrink || /storage|volume/i.test(field.id);
  return (
    <div className="quantity-input">
      <div role="group" aria-label={`${field.label} amount and unit`} className="quantity-parts">
        <input
          {...common}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder={
            fallback !== undefined
              ? splitQuantity(String(fallback)).amount
              : field.example !== undefined
                ? splitQuantity(String(field.example)).amount
                : ''
          }
          value={amount}
          list={isStorage ? `${id}-sizes` : undefined}
          onChange={(e) => {
            // A whole quantity typed or picked (`20Gi`) splits into amount and unit.
            const parts = splitQuantity(e.target.value);
            const nextUnit = parts.unit && parts.amount ? parts.unit : unit;
            const nextAmount = parts.unit && parts.amount ? parts.amount : e.target.value;
            setAmount(nextAmount);
            setUnit(nextUnit);
            set(joinQuantity(nextAmount, nextUnit));
          }}
        />
        <select
          aria-label={`${field.label} unit`}
          value={unit}
          disabled={common.disabled}
          onChange={(e) => {
            setUnit(e.target.value);
            set(joinQuantity(amount, e.target.value));
          }}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {unitLabel(kind, u)}
            </option>
          ))}
        </select>
      </div>
      {isStorage && (
        <datalist id={`${id}-sizes`}>
          {STORAGE_SIZES.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      <small className="muted quantity-words">
        {words}
        {typeof installed === 'string' && ` · installed: ${installed}`}
      </small>
    </div>
  );
}

function JsonInput({ raw, set, common }: Setter) {
  const [text, setText] = useState(raw === undefined ? '' : JSON.stringify(raw, null, 2));
  const [isBad, setIsBad] = useState(false);
  return (
    <textarea
      {...common}
      rows={4}
      className="mono"
      placeholder="JSON"
      value={text}
      aria-invalid={common['aria-invalid'] ?? (isBad ? true : undefined)}
      onChange={(e) => {
        setText(e.target.value);
        try {
          set(e.target.value.trim() === '' ? undefined : JSON.parse(e.target.value));
          setIsBad(false);
        } catch {
          setIsBad(true);
        }
      }}
    />
  );
}

/**
 * The battery's size presets for one container, as its chart has them (tiny … huge): one choice fills requests
 * and limits with what that platform size would give; the platform default clears the fields.
 */
function SizePreset({ field, value, onChange, presets }: FieldProps & { presets: ResourcePresets[string] }) {
  const id = `preset-${useId().replace(/:/g, '')}`;
  const [key, setKey] = useState(0);
  return (
    <div className="field-row">
      <div className="field-input">
        <label htmlFor={id}>Size preset</label>
        <select
          id={id}
          key={key}
          defaultValue=""
          aria-describedby={`${id}-help`}
          onChange={(e) => {
            const preset = new Map(Object.entries(presets)).get(e.target.value);
            onChange(setAt(value, field.path, preset ? structuredClone(preset) : undefined));
            setKey((k) => k + 1);
          }}
        >
          <option value="">Choose to fill the fields below…</option>
          <option value="platform">Platform default size (clear the fields)</option>
          {Object.entries(presets).map(([name, p]) => (
            <option key={name} value={name}>
              {name}: {p.requests.cpu} CPU, {p.requests.memory} memory
            </option>
          ))}
        </select>
      </div>
      <div className="field-help" id={`${id}-help`}>
        A preset fills CPU and memory; adjust any field after. Unset fields follow the platform&apos;s default
        size (Settings).
      </div>
    </div>
  );
}
