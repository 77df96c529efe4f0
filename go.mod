module spread

go 1.26.8

require (
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/wcharczuk/go-chart/v2 v2.1.2
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/image v0.40.0
)

require golang.org/x/text v0.37.0 // indirect
