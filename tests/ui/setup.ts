import "@testing-library/jest-dom/vitest";
import { createElement, type ComponentType } from "react";
import { cleanup } from "./rtl";
import { afterEach, beforeAll, vi } from "vitest";

// Components behind next/dynamic (the forms that load zod) start loading when their module is imported and are
// ready before the first test, so tests render them synchronously, as the page does once their code has arrived.
const dynamicLoads = vi.hoisted(() => [] as Promise<unknown>[]);
vi.mock("next/dynamic", () => ({
  default: (load: () => Promise<ComponentType<object>>) => {
    let Loaded: ComponentType<object> | undefined;
    dynamicLoads.push(load().then((component) => (Loaded = component)));
    return function Dynamic(props: object) {
      if (!Loaded) {
        throw new Error("a next/dynamic component rendered before its code loaded");
      }
      return createElement(Loaded, props);
    };
  },
}));
beforeAll(async () => {
  await Promise.all(dynamicLoads);
});

// jsdom has no modal dialogs: model showModal/close by the open attribute, as browsers report it.
if (typeof HTMLDialogElement.prototype.showModal !== "function") {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
}
if (typeof HTMLDialogElement.prototype.close !== "function") {
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
}

afterEach(() => cleanup());
