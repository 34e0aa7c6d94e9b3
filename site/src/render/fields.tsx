/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ValidationRule } from '@batteries-included/crds';
import type { FieldRow, SchemaFields } from '../reference/schema-fields.js';

/** The anchor of a field on its page: `<prefix>-<path>` with `[]` and `*` spelled out. */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/\[\]/g, '.items').replace(/\*/g, 'key')}`;
}

function RuleList({ rules }: { rules: readonly ValidationRule[] }) {
  return (
    <>
      {rules.map((rule, index) => (
        <>
          {index > 0 ? <br /> : ''}
          {rule.message ?? rule.messageExpression ?? 'rule'} <code>{rule.rule}</code>
        </>
      ))}
    </>
  );
}

/** One field: its path, type, description and every constraint the schema states. */
export function Field({
  field,
  prefix,
  refHref,
  showChange,
}: {
  field: FieldRow;
  prefix: string;
  /** Where a `$ref` component is described. */
  refHref?: (name: string) => string;
  /** Show whether the field may change after creation (Battery specs). */
  showChange: boolean;
}) {
  return (
    <section class="field" id={fieldId(prefix, field.path)}>
      <h3>
        <code>{field.path}</code>
        <span class="type">
          {field.ref && refHref ? <a href={refHref(field.ref)}>{field.type}</a> : field.type}
          {field.isRequired ? ', required' : ''}
        </span>
        {field.transitionRules.length > 0 ? <span class="tag">rule on change</span> : ''}
      </h3>
      {field.description ? <p>{field.description}</p> : ''}
      <dl class="facts">
        {field.default !== undefined ? (
          <>
            <dt>Default</dt>
            <dd>
              <code>{field.default}</code>
            </dd>
          </>
        ) : (
          ''
        )}
        {field.enum ? (
          <>
            <dt>Values</dt>
            <dd>
              {field.enum.map((value, index) => (
                <>
                  {index > 0 ? ', ' : ''}
                  <code>{value}</code>
                </>
              ))}
            </dd>
          </>
        ) : (
          ''
        )}
        {field.range ? (
          <>
            <dt>Range</dt>
            <dd>{field.range}</dd>
          </>
        ) : (
          ''
        )}
        {field.units ? (
          <>
            <dt>Units</dt>
            <dd>{field.units}</dd>
          </>
        ) : (
          ''
        )}
        {field.pattern ? (
          <>
            <dt>Pattern</dt>
            <dd>
              <code>{field.pattern}</code>
            </dd>
          </>
        ) : (
          ''
        )}
        {showChange ? (
          <>
            <dt>After creation</dt>
            <dd>
              {field.transitionRules.length > 0 ? <RuleList rules={field.transitionRules} /> : 'may change'}
            </dd>
          </>
        ) : (
          ''
        )}
        {field.rules.length > 0 ? (
          <>
            <dt>Rules</dt>
            <dd>
              <RuleList rules={field.rules} />
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
    </section>
  );
}

/** Every field of a schema, and the rules on the schema as a whole. */
export function FieldList({
  schema,
  prefix,
  refHref,
  showChange = false,
}: {
  schema: SchemaFields;
  prefix: string;
  refHref?: (name: string) => string;
  showChange?: boolean;
}) {
  return (
    <>
      {schema.rootRules.length > 0 ? (
        <p>
          Rules across fields: <RuleList rules={schema.rootRules} />
        </p>
      ) : (
        ''
      )}
      {schema.fields.length === 0 ? <p class="muted">No fields.</p> : ''}
      {schema.fields.map((field) => (
        <Field field={field} prefix={prefix} refHref={refHref} showChange={showChange} />
      ))}
    </>
  );
}
