// *****************************************************************************
// The Session Health view (`session-health-view`): a ReactWidget in the bottom panel that shows every
// SessionHealthViewSection by order, re-rendering at most once a second and never while hidden (nor while the
// browser tab is hidden: Chrome still runs its timers once a second there).
// *****************************************************************************

import '../../../src/browser/view/session-health-view.css';
import { inject, injectable, named, postConstruct } from '@theia/core/shared/inversify';
import { ReactWidget } from '@theia/core/lib/browser/widgets/react-widget';
import { Message } from '@theia/core/lib/browser/widgets/widget';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { Disposable } from '@theia/core/lib/common/disposable';
import { SESSION_HEALTH_VIEW_ID, SESSION_HEALTH_VIEW_LABEL, SessionHealthViewSection } from './session-health-view-section';
import { RenderThrottle } from './render-throttle';
import { Component, h, ReactNode } from './react-elements';
import { nls } from '@theia/core/lib/common/nls';

@injectable()
export class SessionHealthWidget extends ReactWidget {
    @inject(ContributionProvider) @named(SessionHealthViewSection)
    protected readonly provider: ContributionProvider<SessionHealthViewSection>;

    protected sections: SessionHealthViewSection[] = [];
    protected readonly throttle = new RenderThrottle(() => this.update());
    /** Renders done, for the benchmark and tests (`data-renders` on the node). */
    protected renders = 0;
    /** Shown and in a visible browser tab. */
    protected live = false;
    /** Per section, how often it said it changed: a render re-renders only the sections whose count moved. */
    protected readonly versions = new Map<string, number>();

    @postConstruct()
    protected init(): void {
        this.id = SESSION_HEALTH_VIEW_ID;
        this.title.label = SESSION_HEALTH_VIEW_LABEL;
        this.title.caption = SESSION_HEALTH_VIEW_LABEL;
        this.title.iconClass = 'codicon codicon-pulse';
        this.title.closable = true;
        this.addClass('session-health-view');
        this.node.tabIndex = 0;
        // Native scrolling (`overflow: auto` in the CSS): Theia's perfect-scrollbar measures the whole widget after
        // every update, a forced layout once a second while the chart is live.
        this.scrollOptions = undefined;
        this.sections = this.provider.getContributions().slice().sort((a, b) => a.order - b.order);
        for (const section of this.sections) {
            this.versions.set(section.id, 0);
            this.toDispose.push(section.onDidChange(() => {
                this.versions.set(section.id, (this.versions.get(section.id) ?? 0) + 1);
                this.throttle.request();
            }));
        }
        const onDocumentVisibility = () => this.liveWhile(this.isVisible);
        document.addEventListener('visibilitychange', onDocumentVisibility);
        this.toDispose.push(Disposable.create(() => {
            document.removeEventListener('visibilitychange', onDocumentVisibility);
            this.throttle.dispose();
            this.setSectionsVisible(false);
        }));
        this.update();
    }

    /** Scrolls the section with this id into sight (after the next render). */
    reveal(sectionId: string): void {
        window.requestAnimationFrame(() => this.node.querySelector(`[data-section="${CSS.escape(sectionId)}"]`)?.scrollIntoView({ block: 'start' }));
    }

    protected setSectionsVisible(visible: boolean): void {
        for (const section of this.sections) {
            section.setVisible?.(visible);
        }
    }

    /** Live (sections ticking, renders) while the widget is shown and the browser tab is not hidden. */
    protected liveWhile(shown: boolean): void {
        const live = shown && document.visibilityState !== 'hidden';
        if (live === this.live) {
            return;
        }
        this.live = live;
        this.throttle.setVisible(live);
        this.setSectionsVisible(live);
        if (live) {
            this.throttle.request();
        }
    }

    protected override onAfterShow(msg: Message): void {
        super.onAfterShow(msg);
        this.liveWhile(true);
    }

    protected override onAfterHide(msg: Message): void {
        super.onAfterHide(msg);
        this.liveWhile(false);
    }

    protected override onActivateRequest(msg: Message): void {
        super.onActivateRequest(msg);
        this.node.focus();
    }

    protected override onUpdateRequest(msg: Message): void {
        this.renders++;
        this.node.dataset.renders = String(this.renders);
        super.onUpdateRequest(msg);
    }

    protected render(): ReactNode {
        return h('div', { className: 'session-health-sections' },
            ...this.sections.map(section => h('section', { key: section.id, className: 'session-health-section', 'data-section': section.id },
                h('h3', { className: 'session-health-section-title' }, section.title),
                h(SectionBody, { section, version: this.versions.get(section.id) ?? 0 }))));
    }
}

interface SectionBodyProps {
    section: SessionHealthViewSection;
    /** Moves when the section fired onDidChange: the only reason to call its `render` again. */
    version: number;
}

/** One section's content, rendered again only when it changed; a section that throws shows its error instead of breaking the view. */
class SectionBody extends Component<SectionBodyProps, { error?: string }> {
    override state: { error?: string } = {};

    shouldComponentUpdate(next: SectionBodyProps, nextState: { error?: string }): boolean {
        return next.version !== this.props.version || next.section !== this.props.section || nextState.error !== this.state.error;
    }

    static getDerivedStateFromError(error: unknown): { error: string } {
        return { error: error instanceof Error ? error.message : String(error) };
    }

    override render(): ReactNode {
        if (this.state.error) {
            return h('div', { className: 'session-health-section-error' }, nls.localize('theia-session-health/view/sectionFailed', 'This section failed to render: {0}', this.state.error));
        }
        return this.props.section.render();
    }
}
