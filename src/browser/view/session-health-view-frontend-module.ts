// *****************************************************************************
// Frontend module of the Session Health view: the widget, its view contribution and the section
// contribution point (sections are bound by their capabilities' modules).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { bindViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { WidgetFactory } from '@theia/core/lib/browser/widget-manager';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { SESSION_HEALTH_VIEW_ID, SessionHealthViewSection } from './session-health-view-section';
import { SessionHealthWidget } from './session-health-widget';
import { SessionHealthViewContribution } from './session-health-view-contribution';

export default new ContainerModule(bind => {
    bindContributionProvider(bind, SessionHealthViewSection);
    bind(SessionHealthWidget).toSelf();
    bind(WidgetFactory).toDynamicValue(ctx => ({
        id: SESSION_HEALTH_VIEW_ID,
        createWidget: () => ctx.container.get(SessionHealthWidget)
    })).inSingletonScope();
    bindViewContribution(bind, SessionHealthViewContribution);
});
