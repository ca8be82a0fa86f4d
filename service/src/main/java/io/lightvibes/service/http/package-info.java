/**
 * The HTTP edge: one {@link io.lightvibes.service.http.HttpService} per resource whose handlers only
 * translate (parse, one domain call, map), the strict JSON body readers, and the one
 * {@link io.lightvibes.service.http.ProblemMapper} that turns every error into an RFC 9457
 * {@code application/problem+json} answer.
 */
package io.lightvibes.service.http;
