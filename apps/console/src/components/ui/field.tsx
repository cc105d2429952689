"use client";
// Form controls with a visible <label> bound to the control, so people (and getByLabel) find them.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cx } from "./cx";

export const controlClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500";

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
}

/** What a control needs to be found by its label and to announce its hint and error. */
interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The label above a control, and its hint and error below; `control` renders the control itself. */
function Field({ label, hint, error, className, control }: FieldProps & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  return (
    <div className={cx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, hint, error) })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = Omit<FieldProps, "className"> & { fieldClassName?: string };

/** Separates what the field shell shows from the attributes that go on the control. */
function split<P extends Common>({ label, hint, error, fieldClassName, ...control }: P) {
  return [{ label, hint, error, className: fieldClassName }, control] as const;
}

const invalidClass = (error: string | undefined) => error && "border-red-500 dark:border-red-500";

export function TextField(props: Common & InputHTMLAttributes<HTMLInputElement>) {
  const [field, { className, ...rest }] = split(props);
  return <Field {...field} control={(control) => <input {...control} className={cx(controlClass, invalidClass(field.error), className)} {...rest} />} />;
}

export function TextAreaField(props: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [field, { className, ...rest }] = split(props);
  return <Field {...field} control={(control) => <textarea {...control} className={cx(controlClass, "font-mono", invalidClass(field.error), className)} {...rest} />} />;
}

export function SelectField(props: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const [field, { className, children, ...rest }] = split(props);
  return (
    <Field
      {...field}
      control={(control) => (
        <select {...control} className={cx(controlClass, className)} {...rest}>
          {children}
        </select>
      )}
    />
  );
}

export function CheckboxField({ label, hint, className, ...rest }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={cx("flex items-start gap-2", className)}>
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-zinc-300 text-indigo-600 focus:ring-indigo-500 dark:border-zinc-600 dark:bg-zinc-900"
        {...rest}
      />
      <div>
        <label htmlFor={id} className="text-sm text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
