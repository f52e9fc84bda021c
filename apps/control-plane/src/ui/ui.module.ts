import { Module, type MiddlewareConsumer, type NestModule, Logger, RequestMethod } from '@nestjs/common';
import { DistributionModule } from '../distribution/distribution.module';
import { DecisionStatsService } from './decision-stats.service';
import { FleetWatch } from './fleet-watch.service';
import { findUiDist, indexAssets, uiAssetsHandler } from './ui-assets';
import { UiController } from './ui.controller';

/**
 * The policy authors' web UI: its built files at `/` (see ui-assets.ts) and the two
 * endpoints it needs besides the resource API (live fleet events, decision stats).
 */
@Module({
  imports: [DistributionModule],
  controllers: [UiController],
  providers: [FleetWatch, DecisionStatsService],
})
export class UiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const dist = findUiDist();
    if (!dist) new Logger('UiModule').warn('web UI not built (apps/control-plane/ui/dist missing): run `npm run build:ui`');
    consumer.apply(uiAssetsHandler(dist ? indexAssets(dist) : null)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
