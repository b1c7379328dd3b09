# dsmarket: one static binary (subcommands api, worker, migrate, seed, token, bench).
#   docker build -t dsmarket .        docker run dsmarket api

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# No BuildKit-only syntax (cache mounts): docker-compose v1 builds with the classic builder.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/dsmarket ./cmd/dsmarket

# Static, no shell, no package manager; runs as uid 65532 (nonroot).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dsmarket /usr/local/bin/dsmarket
USER nonroot:nonroot
ENV HTTP_ADDR=:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/dsmarket"]
CMD ["api"]
