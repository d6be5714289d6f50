import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const config = app.get(ConfigService);
  app.enableCors({
    origin: config.getOrThrow<string>('FRONTEND_ORIGIN').split(','),
    credentials: true,
  });
  await app.listen(3000);
}
bootstrap();
