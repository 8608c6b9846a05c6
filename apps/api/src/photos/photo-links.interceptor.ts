import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { mergeMap, type Observable } from 'rxjs';
import { PhotoAccess } from './photo-access.service.js';

const PHOTO_ID = /^photo-[0-9a-f]{40}\.(jpg|png|webp)$/;

interface LinkRequest {
  readonly method?: string;
  readonly url?: string;
  readonly body?: unknown;
}

/** The photo ids a command's body attaches (`photos`, `afterPhotos`). */
function photoIdsOf(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const { photos, afterPhotos } = body as { photos?: unknown; afterPhotos?: unknown };
  return [photos, afterPhotos]
    .flatMap((list): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []))
    .filter((id): id is string => typeof id === 'string' && PHOTO_ID.test(id));
}

/**
 * Links the photos a successful finding or bike command attaches to that case, so that whoever may see the case may
 * see its photos (PhotoAccess). It reads the request and the answer only: the commands stay as they are.
 */
@Injectable()
export class PhotoLinks implements NestInterceptor {
  constructor(@Inject(PhotoAccess) private readonly access: PhotoAccess) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<LinkRequest>();
    const kind = /\/api\/v1\/(findings|bikes)(?:\/|$|\?)/.exec(request.url ?? '')?.[1];
    const photos = request.method === 'POST' && kind ? photoIdsOf(request.body) : [];
    if (photos.length === 0) return next.handle();
    return (next.handle() as Observable<unknown>).pipe(
      // Linked before the answer goes out, so the photo can be seen as soon as the command is acknowledged.
      mergeMap(async (answer: unknown): Promise<unknown> => {
        const id = (answer as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') {
          const photoCase = `${kind === 'findings' ? 'finding' : 'bike'}:${id}` as const;
          await Promise.all(photos.map((photo) => this.access.link(photo, photoCase)));
        }
        return answer;
      }),
    );
  }
}
