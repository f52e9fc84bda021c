import { Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { Permission } from '../auth/permission.decorator';
import { DecisionStatsService } from './decision-stats.service';
import { DecisionStatsQuery } from './dto/decision-stats.dto';
import { FleetWatch } from './fleet-watch.service';

/** Keeps idle proxies from closing the stream, and lets the UI notice a dead one. */
const PING_MS = 15_000;

/** Endpoints the web UI needs beyond the resource API: its live channel and chart data. */
@ApiTags('ui')
@ApiBearerAuth()
@Controller('v1/ui')
export class UiController {
  constructor(
    private readonly fleet: FleetWatch,
    private readonly stats: DecisionStatsService,
  ) {}

  @Sse('events')
  @Permission('agents.read')
  @ApiOperation({ summary: 'Server-sent events: `fleet` (head revision and every agent\'s state) on each change, `ping` every 15 s' })
  events(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const unsubscribe = this.fleet.subscribe((snapshot) => subscriber.next({ type: 'fleet', data: snapshot }));
      const ping = setInterval(() => subscriber.next({ type: 'ping', data: {} }), PING_MS);
      return () => {
        clearInterval(ping);
        unsubscribe();
      };
    });
  }

  @Get('decision-stats')
  @Permission('decisions.read')
  @ApiOperation({ summary: 'Decisions and denials per time bucket (the UI chart of decisions/s and deny rate)' })
  decisionStats(@Query() q: DecisionStatsQuery) {
    return this.stats.stats(q.minutes, q.bucket);
  }
}
