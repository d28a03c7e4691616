import * as React from "react";
import { Input } from "@/components/ui/field";

/**
 * A text box that suggests from a fixed list as you type (the browser's own
 * datalist search); the form decides whether the text names an entry.
 */
export function ChoiceInput({
  id,
  choices,
  ...props
}: { choices: readonly string[] } & React.InputHTMLAttributes<HTMLInputElement>) {
  const listId = `${id ?? "choice"}-choices`;
  return (
    <>
      <Input id={id} list={listId} autoComplete="off" spellCheck={false} {...props} />
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
