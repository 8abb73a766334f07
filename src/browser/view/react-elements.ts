// *****************************************************************************
// React for the Session Health view without JSX: Theia's shared React has no type declarations in this
// project (@types/react, a peer dependency of @theia/core, is not installed), so elements are built with
// `h` (React.createElement) and components extend `Component`, both typed here for what the view uses.
// Text children are rendered by React as text, never as HTML.
// *****************************************************************************

// eslint-disable-next-line @typescript-eslint/no-require-imports -- `export =` module without esModuleInterop
import ReactModule = require('@theia/core/shared/react');

/** A React node: an element, a string, a number, null, or an array of them. */
export type ReactNode = unknown;
export type ElementProps = Record<string, unknown> | null;

const React = ReactModule as unknown as {
    createElement(type: unknown, props: ElementProps, ...children: ReactNode[]): ReactNode;
    createRef<T>(): { current: T | null };
    Component: unknown;
};

/** React.createElement: `h('div', { className: 'x' }, 'text', h(Child, { prop }))`. */
export type ElementType = string | ((props: never) => unknown) | (abstract new (props: never) => unknown);

export function h(type: ElementType, props?: ElementProps, ...children: ReactNode[]): ReactNode {
    return React.createElement(type, props ?? null, ...children);
}

export function createRef<T>(): { current: T | null } {
    return React.createRef<T>();
}

/** The part of React.Component the view's components use. */
export declare class TypedComponent<P, S = Record<string, never>> {
    readonly props: Readonly<P>;
    state: S;
    constructor(props: P);
    setState(state: Partial<S>): void;
    render(): ReactNode;
}

export const Component = React.Component as typeof TypedComponent;
