"""Render a Platform as a CDKTF stack (AWS, Kubernetes and Helm providers from PyPI)."""

from __future__ import annotations

import json
from typing import Any

from cdktf import Fn, S3Backend, TerraformLocal, TerraformOutput, TerraformStack, Token
from cdktf_cdktf_provider_aws import (
    acm_certificate,
    acm_certificate_validation,
    autoscaling_group_tag,
    cloudwatch_log_group,
    data_aws_caller_identity,
    data_aws_iam_openid_connect_provider,
    data_aws_secretsmanager_random_password,
    db_instance,
    db_parameter_group,
    db_subnet_group,
    default_security_group,
    ecr_lifecycle_policy,
    ecr_repository,
    eip,
    eks_access_entry,
    eks_access_policy_association,
    eks_addon,
    eks_cluster,
    eks_node_group,
    elasticache_replication_group,
    elasticache_subnet_group,
    flow_log,
    iam_openid_connect_provider,
    iam_policy,
    iam_role,
    iam_role_policy,
    iam_role_policy_attachment,
    internet_gateway,
    kms_alias,
    kms_key,
    launch_template,
    nat_gateway,
    route,
    route53_record,
    route_table,
    route_table_association,
    s3_bucket,
    s3_bucket_lifecycle_configuration,
    s3_bucket_logging,
    s3_bucket_ownership_controls,
    s3_bucket_policy,
    s3_bucket_public_access_block,
    s3_bucket_server_side_encryption_configuration,
    s3_bucket_versioning,
    secretsmanager_secret,
    secretsmanager_secret_policy,
    secretsmanager_secret_version,
    security_group,
    subnet,
    vpc,
    vpc_endpoint,
)
from cdktf_cdktf_provider_aws.provider import (
    AwsProvider,
    AwsProviderAssumeRole,
    AwsProviderDefaultTags,
)
from cdktf_cdktf_provider_helm import release as helm_release
from cdktf_cdktf_provider_helm.provider import HelmProvider
from cdktf_cdktf_provider_kubernetes import (
    deployment_v1,
    namespace_v1,
    service_account_v1,
    service_v1,
    storage_class_v1,
)
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider, KubernetesProviderExec
from constructs import Construct

from infra.platform import arguments
from infra.platform.model import (
    ACCOUNT_ID,
    ANYWHERE,
    FINAL_SNAPSHOT_STAMP,
    Bucket,
    LaunchTemplate,
    Platform,
    Registry,
    Role,
    SecurityGroup,
    Statement,
    Value,
    policy_document,
)
from infra.platform.renderer import PlatformRenderer
from infra.platform.workloads import mlflow_args, mlflow_labels


class PlatformStack(TerraformStack, PlatformRenderer):
    """All resources of one environment; construct ids are the platform's logical ids."""

    def __init__(self, scope: Construct, platform: Platform, backend: dict[str, str]) -> None:
        super().__init__(scope, platform.env)
        self.platform = platform
        self.nodes: dict[str, Any] = {}
        self.host_locals: dict[str, TerraformLocal] = {}
        state = S3Backend(
            self,
            bucket=backend["bucket"],
            key=backend["key"],
            region=backend["region"],
            encrypt=True,
        )
        # The lock is the backend's own file beside the state (<key>.tflock, a conditional PUT;
        # Terraform 1.10+), no DynamoDB table: cdktf 0.21's S3Backend predates the argument.
        state.add_override("use_lockfile", True)
        account = platform.account
        AwsProvider(
            self,
            "aws",
            region=platform.region,
            default_tags=[AwsProviderDefaultTags(tags=platform.tags)],
            allowed_account_ids=[account.account_id],
            assume_role=[AwsProviderAssumeRole(role_arn=account.assume_role_arn)]
            if account.assume_role_arn
            else None,
        )
        self.caller = data_aws_caller_identity.DataAwsCallerIdentity(self, "caller")
        self.render()

    # -- references -------------------------------------------------------------------------

    def text(self, value: str) -> str:
        return value.replace(ACCOUNT_ID, self.caller.account_id)

    def ref(self, value: Value) -> str:
        if isinstance(value, str):
            return self.text(value)
        node = self.nodes[value.target]
        attr = value.attr
        if attr == "host":
            # A local keeps quotes out of the interpolation embedded in policy JSON strings.
            resolved = self._host_local(value.target, node).as_string
        elif attr == "name" and isinstance(node, s3_bucket.S3Bucket):
            resolved = node.bucket
        elif attr == "url":
            resolved = node.repository_url
        elif attr == "master_secret":
            resolved = node.master_user_secret.get(0).secret_arn
        else:
            resolved = getattr(node, attr)
        return f"{resolved}{value.suffix}" if value.suffix else resolved

    def _host_local(self, target: str, node: Any) -> TerraformLocal:
        if target not in self.host_locals:
            name = f"{target.replace('-', '_')}_host"
            local = TerraformLocal(self, name, Fn.replace(node.url, "https://", ""))
            self.host_locals[target] = local
        return self.host_locals[target]

    def policy(self, statements: tuple[Statement, ...]) -> str:
        return json.dumps(policy_document(statements, self.ref), indent=2)

    # -- resources --------------------------------------------------------------------------

    def _kms(self) -> None:
        key = self.platform.kms_key
        node = kms_key.KmsKey(
            self,
            key.id,
            **arguments.kms_key(key, self.policy(key.policy)),
        )
        self.add(key.id, node)
        kms_alias.KmsAlias(self, f"{key.id}-alias", name=key.alias, target_key_id=node.key_id)

    def _log_groups(self) -> None:
        for group in self.platform.log_groups:
            self.add(
                group.id,
                cloudwatch_log_group.CloudwatchLogGroup(
                    self, group.id, **arguments.log_group(group, self.ref(group.kms_key))
                ),
            )

    def _network(self) -> None:
        net = self.platform.network
        node = self.add(
            net.id,
            vpc.Vpc(self, net.id, **arguments.vpc(net)),
        )
        default_security_group.DefaultSecurityGroup(
            self, net.default_security_group, vpc_id=node.id, ingress=[], egress=[]
        )
        igw = self.add(
            net.internet_gateway,
            internet_gateway.InternetGateway(
                self, net.internet_gateway, vpc_id=node.id, tags={"Name": f"{net.name}-igw"}
            ),
        )
        for s in net.subnets:
            self.add(
                s.id,
                subnet.Subnet(self, s.id, **arguments.subnet(s, node.id)),
            )
        public_rt = self.add(
            net.public_route_table,
            route_table.RouteTable(
                self, net.public_route_table, vpc_id=node.id, tags={"Name": f"{net.name}-public"}
            ),
        )
        route.Route(
            self,
            f"{net.public_route_table}-default",
            route_table_id=public_rt.id,
            destination_cidr_block=ANYWHERE,
            gateway_id=igw.id,
        )
        for i, nat_id in enumerate(net.nat_gateways):
            address = eip.Eip(self, f"{nat_id}-eip", domain="vpc", tags={"Name": nat_id})
            nat = self.add(
                nat_id,
                nat_gateway.NatGateway(
                    self,
                    nat_id,
                    allocation_id=address.id,
                    subnet_id=self.nodes[net.public_subnets[i].id].id,
                    tags={"Name": f"{net.name}-{nat_id}"},
                    depends_on=[igw],
                ),
            )
            table_id = net.private_route_tables[i]
            table = self.add(
                table_id,
                route_table.RouteTable(
                    self, table_id, vpc_id=node.id, tags={"Name": f"{net.name}-{table_id}"}
                ),
            )
            default = net.default_route(table_id)
            self.add(
                default,
                route.Route(
                    self,
                    default,
                    route_table_id=table.id,
                    destination_cidr_block=ANYWHERE,
                    nat_gateway_id=nat.id,
                ),
            )
        for s in net.subnets:
            association = net.association(s.id)
            self.add(
                association,
                route_table_association.RouteTableAssociation(
                    self,
                    association,
                    subnet_id=self.nodes[s.id].id,
                    route_table_id=self.nodes[s.route_table].id,
                ),
            )
        for endpoint in net.endpoints:
            self.add(
                endpoint.id,
                vpc_endpoint.VpcEndpoint(
                    self,
                    endpoint.id,
                    **arguments.vpc_endpoint(
                        endpoint, node.id, [self.nodes[t].id for t in endpoint.route_tables]
                    ),
                ),
            )

    def _github_oidc(self) -> None:
        oidc = self.platform.github_oidc
        if oidc.create:
            node: Any = iam_openid_connect_provider.IamOpenidConnectProvider(
                self, oidc.id, url=oidc.url, client_id_list=list(oidc.client_ids)
            )
        else:  # another environment's stack in this account created it
            node = data_aws_iam_openid_connect_provider.DataAwsIamOpenidConnectProvider(
                self, oidc.id, url=oidc.url
            )
        self.add(oidc.id, node)

    def _role(self, role: Role) -> None:
        node = self.add(
            role.id,
            iam_role.IamRole(
                self,
                role.id,
                **arguments.role(
                    role,
                    self.policy(role.trust),
                    self.ref(role.permissions_boundary) if role.permissions_boundary else None,
                ),
            ),
        )
        for arn in role.managed_policies:
            self.add(
                role.attachment_id(arn),
                iam_role_policy_attachment.IamRolePolicyAttachment(
                    self, role.attachment_id(arn), role=node.name, policy_arn=arn
                ),
            )
        for doc in role.documents:
            managed = iam_policy.IamPolicy(
                self, f"{role.id}-{doc.id}-document", **arguments.policy_document(doc)
            )
            self.add(
                f"{role.id}-{doc.id}",
                iam_role_policy_attachment.IamRolePolicyAttachment(
                    self, f"{role.id}-{doc.id}", role=node.name, policy_arn=managed.arn
                ),
            )

    def _role_policy(self, role: Role) -> None:
        iam_role_policy.IamRolePolicy(
            self,
            f"{role.id}-policy",
            **arguments.role_policy(role, self.nodes[role.id].id, self.policy(role.statements)),
        )

    def _flow_log(self) -> None:
        net = self.platform.network
        flow_log.FlowLog(
            self,
            net.flow_log.id,
            **arguments.flow_log(
                net,
                self.nodes[net.id].id,
                self.nodes[net.flow_log.log_group].arn,
                self.nodes[net.flow_log.role].arn,
            ),
        )

    def _cluster(self) -> None:
        c = self.platform.cluster
        for role_id in (c.role, c.node_role):
            self._role(self.platform.role(role_id))
        node = self.add(
            c.id,
            eks_cluster.EksCluster(
                self,
                c.id,
                name=c.name,
                version=c.version,
                role_arn=self.nodes[c.role].arn,
                enabled_cluster_log_types=list(c.log_types),
                vpc_config={
                    "subnet_ids": [self.nodes[s].id for s in c.subnets],
                    "endpoint_private_access": c.endpoint_private,
                    "endpoint_public_access": c.endpoint_public,
                    **(
                        {"public_access_cidrs": list(c.public_access_cidrs)}
                        if c.public_access_cidrs
                        else {}
                    ),
                },
                encryption_config={
                    "resources": list(c.encrypted_resources),
                    "provider": {"key_arn": self.ref(c.kms_key)},
                },
                access_config={
                    "authentication_mode": c.authentication_mode,
                    "bootstrap_cluster_creator_admin_permissions": (
                        c.bootstrap_cluster_creator_admin_permissions
                    ),
                },
                upgrade_policy={"support_type": c.support_type},
                deletion_protection=c.deletion_protection,
                depends_on=self.after(c.depends_on),
            ),
        )
        self.add(
            c.oidc_provider,
            iam_openid_connect_provider.IamOpenidConnectProvider(
                self,
                c.oidc_provider,
                url=node.identity.get(0).oidc.get(0).issuer,
                client_id_list=list(c.oidc_client_ids),
            ),
        )
        for group in c.node_groups:
            template = group.launch_template
            if template:
                lt = self._launch_template(template)
            self.nodes[group.id] = eks_node_group.EksNodeGroup(
                self,
                group.id,
                cluster_name=node.name,
                node_group_name_prefix=group.name_prefix,
                # the cluster's Kubernetes version: a bump of ``cluster.version`` upgrades the
                # control plane, then rolls each group (it names the cluster, so it comes after)
                version=c.version,
                node_role_arn=self.nodes[c.node_role].arn,
                subnet_ids=[self.nodes[s].id for s in c.subnets],
                instance_types=list(group.instance_types),
                capacity_type=group.capacity_type,
                disk_size=None if template else group.disk_size_gb,
                launch_template=arguments.node_group_launch_template(
                    lt.id, Token.as_string(lt.latest_version)
                )
                if template
                else None,
                scaling_config={
                    "min_size": group.min_size,
                    "max_size": group.max_size,
                    "desired_size": group.desired_size,
                },
                update_config={"max_unavailable": group.max_unavailable},
                labels=dict(group.labels) or None,
                taint=[{"key": t.key, "value": t.value, "effect": t.effect} for t in group.taints]
                or None,
                # a replacement comes up before the group it replaces goes (probe 32, R-H1)
                lifecycle={
                    "create_before_destroy": True,
                    **(
                        {"ignore_changes": ["scaling_config[0].desired_size"]}
                        if group.autoscaled
                        else {}
                    ),
                },
                depends_on=self.after(group.depends_on),
            )
            asg = self.nodes[group.id].resources.get(0).autoscaling_groups.get(0).name
            for key, value in group.asg_tags:
                autoscaling_group_tag.AutoscalingGroupTagA(
                    self, group.asg_tag_id(key), **arguments.asg_tag(asg, key, value)
                )

    def _launch_template(self, template: LaunchTemplate) -> launch_template.LaunchTemplate:
        """A node group's template; its blocks as jsii structs (a plain dict in a list keeps
        only the keys whose Python and JSON spellings agree)."""
        args: dict[str, Any] = arguments.launch_template(template, self.ref(template.kms_key))
        mappings: list[dict[str, Any]] = args["block_device_mappings"]
        tagged: list[dict[str, Any]] = args["tag_specifications"]
        args["block_device_mappings"] = [
            launch_template.LaunchTemplateBlockDeviceMappings(
                device_name=m["device_name"],
                ebs=launch_template.LaunchTemplateBlockDeviceMappingsEbs(**m["ebs"]),
            )
            for m in mappings
        ]
        args["tag_specifications"] = [
            launch_template.LaunchTemplateTagSpecifications(**t) for t in tagged
        ]
        return launch_template.LaunchTemplate(self, template.id, **args)

    def _access_entries(self) -> None:
        c = self.platform.cluster
        for entry in c.access_entries:
            access = eks_access_entry.EksAccessEntry(
                self,
                entry.id,
                **arguments.access_entry(entry, self.nodes[c.id].name, self.ref(entry.principal)),
            )
            eks_access_policy_association.EksAccessPolicyAssociation(
                self,
                f"{entry.id}-policy",
                cluster_name=self.nodes[c.id].name,
                principal_arn=access.principal_arn,
                policy_arn=entry.policy_arn,
                access_scope=entry.scope,
            )

    def _addons(self) -> None:
        c = self.platform.cluster
        groups = [self.nodes[g.id] for g in c.node_groups]
        for addon in self.platform.addons:
            self.add(
                addon.id,
                eks_addon.EksAddon(
                    self,
                    addon.id,
                    **arguments.eks_addon(
                        addon,
                        self.nodes[c.id].name,
                        self.ref(addon.role) if addon.role else None,
                    ),
                    depends_on=groups if addon.needs_nodes else [self.nodes[c.id]],
                ),
            )

    def _certificate(self) -> None:
        cert = self.platform.certificate
        node = self.add(
            cert.id,
            acm_certificate.AcmCertificate(
                self,
                cert.id,
                domain_name=cert.domain,
                validation_method=cert.validation_method,
                lifecycle={"create_before_destroy": True},
            ),
        )
        option = node.domain_validation_options.get(0)
        record = route53_record.Route53Record(
            self,
            cert.record_id,
            **arguments.validation_record(
                cert,
                name=option.resource_record_name,
                type=option.resource_record_type,
                value=option.resource_record_value,
            ),
        )
        acm_certificate_validation.AcmCertificateValidation(
            self,
            cert.validation_id,
            certificate_arn=node.arn,
            validation_record_fqdns=[record.fqdn],
        )

    def _bucket(self, b: Bucket) -> None:
        node = self.add(
            b.id,
            s3_bucket.S3Bucket(self, b.id, bucket=self.text(b.name), tags={"purpose": b.purpose}),
        )
        s3_bucket_ownership_controls.S3BucketOwnershipControls(
            self,
            f"{b.id}-ownership",
            bucket=node.id,
            rule={"object_ownership": b.object_ownership},
        )
        s3_bucket_public_access_block.S3BucketPublicAccessBlock(
            self,
            f"{b.id}-public-access",
            bucket=node.id,
            block_public_acls=b.block_public_access,
            block_public_policy=b.block_public_access,
            ignore_public_acls=b.block_public_access,
            restrict_public_buckets=b.block_public_access,
        )
        s3_bucket_versioning.S3BucketVersioningA(
            self,
            f"{b.id}-versioning",
            bucket=node.id,
            versioning_configuration={"status": b.versioning_status},
        )
        _sse = s3_bucket_server_side_encryption_configuration
        default = (
            _sse.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                sse_algorithm=b.sse_algorithm,
                kms_master_key_id=self.ref(b.kms_key) if b.kms_key else None,
            )
        )
        _sse.S3BucketServerSideEncryptionConfigurationA(
            self,
            f"{b.id}-encryption",
            bucket=node.id,
            rule=[
                _sse.S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=default,
                    bucket_key_enabled=b.kms_key is not None,
                )
            ],
        )
        s3_bucket_policy.S3BucketPolicy(
            self, f"{b.id}-policy", bucket=node.id, policy=self.policy(b.policy)
        )
        if b.log_bucket:
            s3_bucket_logging.S3BucketLoggingA(
                self,
                f"{b.id}-logging",
                bucket=node.id,
                target_bucket=self.nodes[b.log_bucket].id,
                target_prefix=b.log_prefix,
            )
        lc = s3_bucket_lifecycle_configuration
        rule = lc.S3BucketLifecycleConfigurationRule(
            id=b.lifecycle_rule_id,
            status=b.lifecycle_rule_status,
            filter=[lc.S3BucketLifecycleConfigurationRuleFilter(prefix="")],
            noncurrent_version_expiration=[
                lc.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                    noncurrent_days=b.noncurrent_version_days
                )
            ],
            abort_incomplete_multipart_upload=[
                lc.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                    days_after_initiation=b.abort_incomplete_upload_days
                )
            ],
            expiration=[lc.S3BucketLifecycleConfigurationRuleExpiration(days=b.expiration_days)]
            if b.expiration_days
            else None,
        )
        s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration(
            self, f"{b.id}-lifecycle", bucket=node.id, rule=[rule]
        )

    def _registry(self) -> None:
        for r in self.platform.registries:
            self._repository(r)

    def _repository(self, r: Registry) -> None:
        node = self.add(
            r.id,
            ecr_repository.EcrRepository(
                self,
                r.id,
                name=r.name,
                image_tag_mutability=r.tag_mutability,
                image_scanning_configuration={"scan_on_push": r.scan_on_push},
                encryption_configuration=[
                    ecr_repository.EcrRepositoryEncryptionConfiguration(
                        encryption_type=r.encryption_type, kms_key=self.ref(r.kms_key)
                    )
                ],
            ),
        )
        ecr_lifecycle_policy.EcrLifecyclePolicy(
            self, f"{r.id}-lifecycle", repository=node.name, policy=json.dumps(r.lifecycle_policy())
        )

    def _secrets(self) -> None:
        for s in self.platform.secrets:
            node = self.add(
                s.id,
                secretsmanager_secret.SecretsmanagerSecret(
                    self, s.id, **arguments.secret(s, self.ref(s.kms_key))
                ),
            )
            if s.generated_length:
                password = (
                    data_aws_secretsmanager_random_password.DataAwsSecretsmanagerRandomPassword(
                        self,
                        f"{s.id}-generated",
                        password_length=s.generated_length,
                        exclude_punctuation=s.exclude_punctuation,
                    )
                )
                self.add(
                    f"{s.id}-value",
                    secretsmanager_secret_version.SecretsmanagerSecretVersion(
                        self,
                        f"{s.id}-value",
                        secret_id=node.id,
                        secret_string=password.random_password,
                        lifecycle={"ignore_changes": ["secret_string"]},
                    ),
                )

    def _secret_values(self) -> None:
        for s in self.platform.secrets:
            if s.value:
                secretsmanager_secret_version.SecretsmanagerSecretVersion(
                    self,
                    f"{s.id}-value",
                    secret_id=self.nodes[s.id].id,
                    secret_string=json.dumps(
                        {key: self.ref(v) for key, v in s.value}, indent=2, sort_keys=True
                    ),
                )

    def _secret_policies(self) -> None:
        for s in self.platform.secrets:
            if not s.readers:
                continue
            document = s.reader_policy([self.ref(r) for r in s.readers])
            secretsmanager_secret_policy.SecretsmanagerSecretPolicy(
                self,
                f"{s.id}-policy",
                secret_arn=self.nodes[s.id].arn,
                policy=json.dumps(document, indent=2),
            )

    def _security_group(self, sg: SecurityGroup) -> Any:
        return self.add(
            sg.id,
            security_group.SecurityGroup(
                self,
                sg.id,
                **arguments.security_group(sg, self.nodes[self.platform.network.id].id),
                ingress=[
                    security_group.SecurityGroupIngress(**arguments.security_group_ingress(sg))
                ],
            ),
        )

    def _database(self) -> None:
        d = self.platform.database
        private = [self.nodes[s.id].id for s in self.platform.network.private_subnets]
        subnets = db_subnet_group.DbSubnetGroup(
            self,
            d.subnet_group,
            **arguments.subnet_group(d.subnet_group_name, d.subnet_group_description, private),
        )
        sg = self._security_group(d.security_group)
        params = db_parameter_group.DbParameterGroup(
            self,
            d.parameter_group,
            **arguments.parameter_group(d),
            parameter=[
                db_parameter_group.DbParameterGroupParameter(**p)
                for p in arguments.db_parameters(d)
            ],
        )
        self.add(
            d.id,
            db_instance.DbInstance(
                self,
                d.id,
                **arguments.db_instance(
                    d,
                    self.ref(d.kms_key),
                    subnet_group=subnets.name,
                    security_group=sg.id,
                    parameter_group=params.name,
                    monitoring_role_arn=self.nodes[d.monitoring_role].arn,
                    final_snapshot_identifier=d.final_snapshot_prefix
                    + Fn.formatdate(FINAL_SNAPSHOT_STAMP["terraform"], Fn.timestamp()),
                ),
                # the name the instance was made with (Database.final_snapshot_prefix)
                lifecycle={"ignore_changes": ["final_snapshot_identifier"]},
                depends_on=self.after(d.depends_on),
            ),
        )

    def _cache(self) -> None:
        c = self.platform.cache
        private = [self.nodes[s.id].id for s in self.platform.network.private_subnets]
        subnets = elasticache_subnet_group.ElasticacheSubnetGroup(
            self,
            c.subnet_group,
            **arguments.subnet_group(c.subnet_group_name, c.subnet_group_description, private),
        )
        sg = self._security_group(c.security_group)
        # the token the secret holds (kept in state), not a new draw: a cache made again (a
        # replacement, a first apply that failed half-way) gets the token the app reads (review
        # 165, X-M3)
        token = self.nodes[f"{c.auth_secret}-value"].secret_string
        self.add(
            c.id,
            elasticache_replication_group.ElasticacheReplicationGroup(
                self,
                c.id,
                **{
                    **arguments.replication_group(
                        c,
                        self.ref(c.kms_key),
                        auth_token=token,
                        subnet_group=subnets.name,
                        security_group=sg.id,
                    ),
                    # Both are strings in the Terraform schema of the CDKTF binding.
                    "at_rest_encryption_enabled": str(c.at_rest_encryption).lower(),
                    "auto_minor_version_upgrade": str(c.auto_minor_version_upgrade).lower(),
                },
                lifecycle={"ignore_changes": ["auth_token"]},
            ),
        )

    def _kubernetes(self) -> None:
        c = self.platform.cluster
        cluster = self.nodes[c.id]
        connection = {
            "host": cluster.endpoint,
            "cluster_ca_certificate": Fn.base64decode(cluster.certificate_authority.get(0).data),
            "exec": {
                "api_version": "client.authentication.k8s.io/v1beta1",
                "command": "aws",
                "args": [
                    "eks",
                    "get-token",
                    "--cluster-name",
                    c.name,
                    "--region",
                    self.platform.region,
                ],
            },
        }
        KubernetesProvider(
            self,
            "kubernetes",
            host=connection["host"],
            cluster_ca_certificate=connection["cluster_ca_certificate"],
            exec=[KubernetesProviderExec(**connection["exec"])],
        )
        HelmProvider(self, "helm", kubernetes=connection)
        for sc in self.platform.storage_classes:
            self.add(
                sc.id,
                storage_class_v1.StorageClassV1(
                    self,
                    sc.id,
                    metadata={"name": sc.name, "annotations": sc.annotations},
                    storage_provisioner=sc.provisioner,
                    parameters={k: self.ref(v) for k, v in sc.parameters.items()},
                    reclaim_policy=sc.reclaim_policy,
                    volume_binding_mode=sc.volume_binding_mode,
                    allow_volume_expansion=sc.allow_volume_expansion,
                    depends_on=self.after(sc.depends_on),
                ),
            )
        self._mlflow_identity()
        for r in self.platform.helm_releases:
            self.add(
                r.id,
                helm_release.Release(
                    self,
                    r.id,
                    name=r.name,
                    namespace=r.namespace,
                    create_namespace=r.create_namespace,
                    repository=r.repository,
                    chart=r.chart,
                    version=r.version,
                    values=[json.dumps(self.resolve(r.values), sort_keys=True)]
                    if r.values
                    else None,
                    atomic=r.atomic,
                    timeout=r.timeout_seconds,
                    depends_on=self.release_dependencies(r),
                ),
            )
        self._mlflow()

    def _mlflow_identity(self) -> None:
        m = self.platform.mlflow
        ns = self.add(
            m.namespace_id,
            namespace_v1.NamespaceV1(self, m.namespace_id, metadata={"name": m.namespace}),
        )
        self.add(
            f"{m.id}-service-account",
            service_account_v1.ServiceAccountV1(
                self,
                f"{m.id}-service-account",
                metadata={
                    "name": m.service_account,
                    "namespace": ns.metadata.name,
                    "annotations": {"eks.amazonaws.com/role-arn": self.ref(m.role)},
                },
                automount_service_account_token=m.automount_service_account_token,
            ),
        )

    def _mlflow(self) -> None:
        m = self.platform.mlflow
        labels = mlflow_labels(m)
        ns = self.nodes[m.namespace_id]
        sa = self.nodes[f"{m.id}-service-account"]
        bucket = self.ref(m.artifacts_bucket)
        dep = deployment_v1
        container = dep.DeploymentV1SpecTemplateSpecContainer(
            name=m.container_name,
            image=m.image,
            image_pull_policy=m.image_pull_policy,
            args=mlflow_args(m, bucket),
            port=[
                dep.DeploymentV1SpecTemplateSpecContainerPort(
                    container_port=m.port, name=m.port_name
                )
            ],
            env_from=[
                dep.DeploymentV1SpecTemplateSpecContainerEnvFrom(secret_ref={"name": name})
                for name in m.env_from_secrets
            ],
            env=[
                dep.DeploymentV1SpecTemplateSpecContainerEnv(name=name, value=value)
                for name, value in (("AWS_REGION", self.platform.region), *m.env)
            ],
            security_context={
                "allow_privilege_escalation": m.allow_privilege_escalation,
                "read_only_root_filesystem": m.read_only_root_filesystem,
                "capabilities": {"drop": list(m.dropped_capabilities)},
            },
            volume_mount=[
                dep.DeploymentV1SpecTemplateSpecContainerVolumeMount(
                    name=m.scratch_volume, mount_path=m.scratch_dir
                ),
                dep.DeploymentV1SpecTemplateSpecContainerVolumeMount(
                    name=m.auth_volume, mount_path=m.auth_config_dir, read_only=True
                ),
            ],
            resources={
                "requests": {"cpu": m.cpu_request, "memory": m.memory_request},
                "limits": {"cpu": m.cpu_limit, "memory": m.memory_limit},
            },
            liveness_probe={
                "http_get": {"path": m.health_path, "port": m.port_name},
                "initial_delay_seconds": m.liveness_delay_seconds,
            },
            readiness_probe={"http_get": {"path": m.health_path, "port": m.port_name}},
        )
        dep.DeploymentV1(
            self,
            f"{m.id}-deployment",
            metadata={"name": m.name, "namespace": ns.metadata.name, "labels": labels},
            spec={
                "replicas": str(m.replicas),
                "selector": {"match_labels": labels},
                "template": {
                    "metadata": {"labels": labels, "annotations": m.annotations},
                    "spec": {
                        "service_account_name": sa.metadata.name,
                        "security_context": {
                            "run_as_non_root": m.run_as_non_root,
                            "run_as_user": str(m.run_as_user),
                            "seccomp_profile": {"type": m.seccomp_profile},
                        },
                        "container": [container],
                        "volume": [
                            dep.DeploymentV1SpecTemplateSpecVolume(
                                name=m.scratch_volume, empty_dir={}
                            ),
                            dep.DeploymentV1SpecTemplateSpecVolume(
                                name=m.auth_volume, secret={"secret_name": m.auth_config_secret}
                            ),
                        ],
                    },
                },
            },
            # The Secret it reads is made by the mlflow-secrets release's ExternalSecret.
            depends_on=[self.nodes[m.secrets_release]],
        )
        service_v1.ServiceV1(
            self,
            f"{m.id}-service",
            metadata={"name": m.name, "namespace": ns.metadata.name, "labels": labels},
            spec={
                "selector": labels,
                "port": [
                    service_v1.ServiceV1SpecPort(
                        name=m.port_name, port=m.port, target_port=m.port_name
                    )
                ],
                "type": m.service_type,
            },
        )

    def _outputs(self) -> None:
        for output in self.platform.outputs:
            TerraformOutput(
                self,
                output.name,
                value=self.ref(output.value),
                description=output.description,
            )


__all__ = ["PlatformStack"]
