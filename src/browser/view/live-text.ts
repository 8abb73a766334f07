// *****************************************************************************
// A text that changes every second (an age, a count) without React: the element is rendered once, and on each
// `source` event its text is written into the DOM only when it changed, into the same text node. A live section
// then re-renders through React only when its structure changes (development React captures a stack per element it creates, which
// made a once-a-second re-render of a whole section cost milliseconds). Text only, never HTML.
// *****************************************************************************

import { Disposable } from '@theia/core/lib/common/disposable';
import { Event } from '@theia/core/lib/common/event';
import { Component, createRef, ElementProps, h, ReactNode } from './react-elements';

export interface LiveTextProps {
    /** Fires when the text may have changed (at most once a second, and not while the view is hidden). */
    source: Event<void>;
    /** The current text; called on mount and on every `source` event. */
    text: () => string;
    /** Element to render (default `span`). */
    tag?: string;
    /** Its other props (class name, data attributes); never `children`. */
    props?: ElementProps;
}

export class LiveText extends Component<LiveTextProps> {
    protected ref = createRef<HTMLElement>();
    protected listener: Disposable | undefined;
    protected shown: string | undefined;

    componentDidMount(): void {
        this.listener = this.props.source(() => this.refresh());
        this.refresh();
    }

    componentWillUnmount(): void {
        this.listener?.dispose();
        this.listener = undefined;
    }

    /** Only the tag or the props re-render the element; the text is written directly. */
    shouldComponentUpdate(next: LiveTextProps): boolean {
        return next.tag !== this.props.tag || !sameProps(next.props, this.props.props);
    }

    componentDidUpdate(): void {
        this.shown = undefined;
        this.refresh();
    }

    protected refresh(): void {
        const element = this.ref.current;
        if (!element) {
            return;
        }
        const text = this.props.text();
        if (text === this.shown) {
            return;
        }
        this.shown = text;
        // The one text node is changed in place: `textContent =` replaces it, and Chromium treats a node inserted
        // anywhere in the bottom panel as a change for Theia's `:has()` rules (a style invalidation of the panel,
        // and a dead node for the DOM's garbage collector) every second.
        const node = element.firstChild;
        if (node instanceof Text && !node.nextSibling) {
            node.data = text;
        } else {
            element.textContent = text;
        }
    }

    override render(): ReactNode {
        return h(this.props.tag ?? 'span', { ...this.props.props, ref: this.ref });
    }
}

function sameProps(a: ElementProps | undefined, b: ElementProps | undefined): boolean {
    const ka = Object.keys(a ?? {});
    return ka.length === Object.keys(b ?? {}).length && ka.every(k => a![k] === b?.[k]);
}
