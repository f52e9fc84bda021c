import { Module } from '@nestjs/common';
import { DryRunService } from './dry-run.service';
import { PolicyCompiler } from './policy-compiler.service';
import { Publisher } from './publisher.service';

/** Compile (libs/rego), test, sign and store: everything that turns policy text into a bundle. */
@Module({ providers: [PolicyCompiler, Publisher, DryRunService], exports: [PolicyCompiler, Publisher, DryRunService] })
export class PublishingModule {}
