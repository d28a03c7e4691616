import * as React from "react";
import { Input } from "@/components/ui/field";

/**
 * A text box that suggests from a fixed list as you type (the browser's own
 * datalist search); the form decides whether the text names an entry.
 */
export function ChoiceInput({
  choices,
  ...props
}: { choices: readonly string[] } & React.InputHTMLAttributes<HTMLInputElement>) {
  // The input's own id comes from the enclosing Field; the list needs one of its own.
  const listId = React.useId();
  return (
    <>
      <Input list={listId} autoComplete="off" spellCheck={false} {...props} />
      <Choices id={listId} choices={choices} />
    </>
  );
}

// Hundreds of options: rendered once, not on every keystroke.
const Choices = React.memo(function Choices({ id, choices }: { id: string; choices: readonly string[] }) {
  return (
    <datalist id={id}>
      {choices.map((choice) => (
        <option key={choice} value={choice} />
      ))}
    </datalist>
  );
});
